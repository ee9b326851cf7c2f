# bash completion for ttsread                               -*- shell-script -*-
# Installed as share/bash-completion/completions/ttsread; to try it from a
# checkout: source docs/completion/ttsread.bash. Needs bash only.

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

_ttsread()
{
    local -a words=("${COMP_WORDS[@]}")
    local count=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} option="" attached=""
    COMPREPLY=()
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
                while read -r name _; do printf '%s ' "$name"; done)" "$cur"
            return 0
        fi
    elif [[ $cur != -* ]]; then
        option=${words[count - 1]}
    fi

    case $option in
    -o | --output)
        _ttsread_files "wav flac ogg oga opus mp3 aiff aif raw pcm" "$cur"
        [[ -z $cur ]] && COMPREPLY+=(-)
        return 0 ;;
    --captions) _ttsread_files "vtt srt json" "$cur"; return 0 ;;
    --readalong) _ttsread_files "html htm" "$cur"; return 0 ;;
    --readalong-audio) _ttsread_words "embedded external" "$cur"; return 0 ;;
    --chapters)
        # its value is optional, so only --chapters=FILE takes one
        if [[ -n $attached ]]; then
            _ttsread_files "ffmetadata cue" "$cur"
            return 0
        fi ;;
    --cast | --save-cast) _ttsread_files "ini" "$cur"; return 0 ;;
    --manifest) _ttsread_files "jsonl json" "$cur"; return 0 ;;
    --inputs-from) _ttsread_files "txt list" "$cur"; return 0 ;;
    -O | --output-dir)
        local folder
        compopt -o filenames 2>/dev/null
        while IFS= read -r folder; do COMPREPLY+=("$folder"); done < <(compgen -d -- "$cur")
        return 0 ;;
    -f | --from) _ttsread_words "auto html text markdown vtt srt fountain play" "$cur"; return 0 ;;
    --dump) _ttsread_words "json text script" "$cur"; return 0 ;;
    --format | --ext) _ttsread_words "wav flac ogg opus mp3 aiff raw" "$cur"; return 0 ;;
    --cues) _ttsread_words "pause read skip" "$cur"; return 0 ;;
    --emoji) _ttsread_words "skip name" "$cur"; return 0 ;;
    --loudness) _ttsread_words "off" "$cur"; return 0 ;;
    -j | --jobs | --speed | --rate | --gap | --speaker-gap | --max-input | --lang | --device | \
        --start-at | --voice)
        return 0 ;; # a value only the user knows
    --announce)
        # its value is optional, so only --announce=WHEN takes one
        if [[ -n $attached ]]; then
            _ttsread_words "first always off" "$cur"
            return 0
        fi ;;
    esac

    if [[ $cur == -* ]]; then
        _ttsread_words "--output --output-dir --play --jobs --from --list-speakers --dump
            --cast --save-cast --list-voices --voice --captions --captions-words --readalong
            --readalong-audio --chapters --announce --speed --lang
            --max-input --format --rate --stereo --loudness --gap --speaker-gap --trim --cues --emoji
            --device --list-devices --start-at --ext --inputs-from --skip-existing --manifest
            --no-config --quiet --verbose --version --help" "$cur"
        return 0
    fi
    _ttsread_files "html htm xhtml txt text md markdown vtt srt fountain" "$cur"
    [[ -z $cur ]] && COMPREPLY+=(-)
    return 0
}

complete -F _ttsread ttsread
