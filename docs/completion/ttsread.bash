# bash completion for ttsread                               -*- shell-script -*-
# Installed as share/bash-completion/completions/ttsread; to try it from a
# checkout: source docs/completion/ttsread.bash. Needs bash only.
# The options and their values come from the program itself
# (ttsread --completion-helper prints its option table), so they never drift.

# Files under the word being completed whose extension is one of $1
# (space-separated), and folders to descend into.
_ttsread_files()
{
    local extensions=" $1 " word=$2 file
    compopt -o filenames 2>/dev/null
    while IFS= read -r file; do
        if [[ -d $file || $extensions == *" ${file##*.} "* ]]; then
            COMPREPLY+=("$file")
        fi
    done < <(compgen -f -- "$word")
}

_ttsread_words()
{
    local IFS=$' \t\n'
    # shellcheck disable=SC2207 # the words are ours: no spaces, no globs
    COMPREPLY+=($(compgen -W "$1" -- "$2"))
}

# The option table of the program being completed, once per program.
_ttsread_table()
{
    if [[ ${_ttsread_table_of-} != "$1" ]]; then
        _ttsread_table_text=$("$1" --no-config --completion-helper 2>/dev/null)
        _ttsread_table_of=$1
    fi
}

_ttsread()
{
    local -a words=("${COMP_WORDS[@]}")
    local count=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} option="" attached=""
    COMPREPLY=()
    _ttsread_table "${words[0]}"
    # Bash splits words at '=' (COMP_WORDBREAKS): "--cast=x" arrives as
    # --cast = x, "--voice NAME=x" as --voice NAME = x; an empty x may be
    # missing. Find the '=' before the cursor, if any.
    local equals=-1
    if [[ $cur == "=" ]]; then
        equals=$count cur=""
    elif ((count > 1)) && [[ ${words[count - 1]} == "=" ]]; then
        equals=$((count - 1))
    fi
    if ((equals > 1)); then
        local key=${words[equals - 1]}
        if [[ $key == --* ]]; then
            option=$key attached=1
        elif [[ ${words[equals - 2]} == --voice ||
                ( ${words[equals - 2]} == "=" && ${words[equals - 3]} == --voice ) ]]; then
            # --voice NAME=PROFILE: the palette's profile names
            _ttsread_words "$("${words[0]}" --no-config --list-voices 2>/dev/null |
                while read -r name _; do [[ $name == PROFILE ]] || printf '%s ' "$name"; done)" "$cur"
            return 0
        fi
    elif [[ $cur != -* ]]; then
        option=${words[count - 1]}
    fi

    # One line per option: "--name[,-x] KIND [WORDS...]"
    local line names kind rest
    if [[ -n $option ]]; then
        while read -r names kind rest; do
            [[ ,$names, == *",$option,"* ]] || continue
            case $kind in
            none) break ;;
            optional-*) [[ -n $attached ]] || break; kind=${kind#optional-} ;;
            esac
            case $kind in
            choice) _ttsread_words "$rest" "$cur" ;;
            file)
                _ttsread_files "$rest" "$cur"
                [[ $names == --output,* && -z $cur ]] && COMPREPLY+=(-) ;;
            dir)
                local folder
                compopt -o filenames 2>/dev/null
                while IFS= read -r folder; do COMPREPLY+=("$folder"); done < <(compgen -d -- "$cur")
                ;;
            esac
            return 0 # a value only the user knows, for the other kinds
        done <<<"$_ttsread_table_text"
    fi

    if [[ $cur == -* ]]; then
        _ttsread_words "$(while read -r names _; do printf '%s ' "${names%%,*}"; done \
            <<<"$_ttsread_table_text")" "$cur"
        return 0
    fi
    _ttsread_files "html htm xhtml txt text md markdown vtt srt fountain" "$cur"
    [[ -z $cur ]] && COMPREPLY+=(-)
    return 0
}

complete -F _ttsread ttsread
