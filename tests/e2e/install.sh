#!/bin/sh
# make install into a temporary DESTDIR with PREFIX=/usr: the layout, a run
# from / that finds the installed voices (and the user's, which override
# them), the same audio as the tested build, a lint-clean man page, a bash
# completion that loads and completes, a rebuild when PREFIX changes, and a
# make uninstall that leaves no file behind.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Run under make check, the parent's variables (SANITIZE=1...) and jobserver
# must not leak into this build.
run_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make "$@"; }

root="$work/root"
build="$work/build"
jobs=$(nproc 2>/dev/null || echo 2)
run_make -s -j"$jobs" BUILD="$build" PREFIX=/usr DESTDIR="$root" install >"$work/make.log" 2>&1 ||
    { tail -n 20 "$work/make.log"; fail "make install"; }

# ---- the layout
program="$root/usr/bin/ttsread"
voices="$root/usr/share/ttsread/voices"
[ -x "$program" ] || fail "no $program"
[ -f "$root/usr/share/man/man1/ttsread.1" ] || fail "no man page"
[ -f "$root/usr/share/bash-completion/completions/ttsread" ] || fail "no bash completion"
for profile in voices/*.ini voices/first-names.tsv; do
    cmp -s "$profile" "$voices/$(basename "$profile")" || fail "$profile not installed"
done
[ -e "$voices/calibrate.c" ] && fail "calibrate.c installed"
grep -q /usr/share/ttsread "$program" || fail "TTS_DATADIR is not PREFIX=/usr's"
echo "layout: ok ($(find "$voices" -type f | wc -l) files in voices/)"

# A clean environment: no repository voices, no user config or data.
mkdir -p "$work/home"
clean() {
    env -u TTSREAD_VOICES HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
        XDG_DATA_HOME="$work/home/.local/share" "$@"
}

# ---- the installed program, run from /, renders the seed like the tested build
input=${TTS_SEED:-}
[ -n "$input" ] && [ -f "$input" ] || input=tests/fixtures/parse/interview.txt
input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")
(cd / && clean XDG_DATA_DIRS="$root/usr/share" "$program" -q "$input" -o "$work/installed.wav") ||
    fail "installed ttsread could not render $input"
"$TTSREAD" --no-config -q "$input" -o "$work/tested.wav" || fail "$TTSREAD could not render"
seconds=$(soxi -D "$work/installed.wav")
awk -v s="$seconds" 'BEGIN { exit !(s > 20) }' || fail "only $seconds s of audio"
cmp -s "$work/installed.wav" "$work/tested.wav" ||
    fail "installed voices render differently from the repository's"
echo "render from /: ok ($seconds s of audio, identical to $TTSREAD's)"

# ---- where voices are found
# Moved away from share/, the program finds them through XDG_DATA_DIRS...
mkdir -p "$work/moved"
cp "$program" "$work/moved/ttsread"
if [ -f /usr/share/ttsread/voices/palette.ini ]; then
    echo "voices through XDG_DATA_DIRS: not checked (/usr/share/ttsread is installed here)"
else
    clean XDG_DATA_DIRS="$root/usr/share" "$work/moved/ttsread" --list-voices | grep -q '^alex ' ||
        fail "voices not found through XDG_DATA_DIRS"
    if clean XDG_DATA_DIRS="$work/nowhere" "$work/moved/ttsread" --list-voices \
        >/dev/null 2>"$work/none.err"; then
        fail "voices found where there are none"
    fi
    grep -q "no voices directory found" "$work/none.err" || fail "$(cat "$work/none.err")"
    echo "voices through XDG_DATA_DIRS: ok"
fi
# ...and the user's own voices folder overrides the installed one.
user_voices="$work/home/.local/share/ttsread/voices"
mkdir -p "$user_voices"
cp "$voices"/* "$user_voices/"
sed 's/^label = .*/label = The user'"'"'s own Alex/' "$voices/alex.ini" >"$user_voices/alex.ini"
clean "$program" --list-voices | grep -q "The user's own Alex" ||
    fail "\$XDG_DATA_HOME/ttsread/voices does not override the installed voices"
rm -rf "$work/home/.local"
clean "$program" --list-voices | grep -q "The user's own Alex" && fail "user voices still used"
echo "user voices override installed ones: ok"

# ---- the man page
page="$root/usr/share/man/man1/ttsread.1"
warnings=$(groff -ww -z -man "$page" 2>&1) || fail "groff: $warnings"
[ -z "$warnings" ] || fail "groff warns: $warnings"
if command -v mandoc >/dev/null 2>&1; then
    warnings=$(mandoc -T lint "$page" 2>&1) || fail "mandoc: $warnings"
    [ -z "$warnings" ] || fail "mandoc warns: $warnings"
    echo "man page: groff and mandoc lint clean"
else
    echo "man page: groff clean (mandoc not installed)"
fi
# every long option of --help is documented
for option in $("$program" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$(echo "$option" | sed 's/-/\\\\-/g')" "$page" || fail "man page lacks $option"
done

# ---- bash completion
completion="$root/usr/share/bash-completion/completions/ttsread"
errors=$(bash -c '. "$1"' sh "$completion" 2>&1) || fail "completion does not load: $errors"
[ -z "$errors" ] || fail "completion prints: $errors"
complete_line() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    clean bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ttsread
        printf "%s\n" "${COMPREPLY[@]}"' sh "$completion" "$program" "$@"
}
complete_line --voice "Anthony Kuhn" = co | grep -qx colin || fail "no profile after --voice NAME="
complete_line --cap | grep -qx -- --captions || fail "no option names"
complete_line --dump "" | grep -qx json || fail "no --dump values"
complete_line --end | grep -qx -- --end-at || fail "options from the program's table: no --end-at"
complete_line --loudness "" | grep -qx off || fail "no --loudness off"
echo "bash completion: loads, completes options, values and profiles"

# ---- another PREFIX rebuilds what has the data directory compiled in
object="$build/src/cast/cast.o"
run_make -s BUILD="$build" PREFIX=/opt/elsewhere "$object" >/dev/null 2>&1 || fail "rebuild"
grep -q /opt/elsewhere/share/ttsread "$object" || fail "PREFIX change did not rebuild cast.o"
before=$(stat -c %Y "$object")
sleep 1
run_make -s BUILD="$build" PREFIX=/opt/elsewhere "$object" >/dev/null 2>&1
[ "$(stat -c %Y "$object")" = "$before" ] || fail "same PREFIX rebuilt cast.o again"
echo "PREFIX change rebuilds: ok"

# ---- uninstall
run_make -s BUILD="$build" PREFIX=/usr DESTDIR="$root" uninstall >/dev/null 2>&1 || fail "make uninstall"
left=$(find "$root" -type f)
[ -z "$left" ] || fail "left after uninstall: $left"
echo "uninstall: ok"
