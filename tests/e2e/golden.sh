#!/bin/sh
# golden.sh: every parser fixture (tests/fixtures/parse/*, one or more per
# input format) through `ttsread FILE --dump script` (the parser's result, no
# casting), compared with tests/golden/FILE.json; prints a unified diff on a
# mismatch, like git's test_cmp. GOLDEN_UPDATE=1 rewrites the expected files.
TTSREAD=${TTSREAD:-build/ttsread}
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failed=0 checked=0
for input in tests/fixtures/parse/*; do
    name=$(basename "$input")
    expected="tests/golden/$name.json"
    actual="$work/$name.json"
    if ! "$TTSREAD" "$input" --dump script >"$actual" 2>"$work/stderr"; then
        echo "FAIL $name: ttsread failed: $(cat "$work/stderr")"
        failed=$((failed + 1))
        continue
    fi
    if [ -n "$GOLDEN_UPDATE" ]; then
        cp "$actual" "$expected"
        echo "updated $expected"
        continue
    fi
    if [ ! -f "$expected" ]; then
        echo "FAIL $name: $expected is missing (GOLDEN_UPDATE=1 writes it)"
        failed=$((failed + 1))
    elif ! diff -u "$expected" "$actual"; then
        echo "FAIL $name: the parse differs from $expected (diff above)"
        failed=$((failed + 1))
    else
        checked=$((checked + 1))
    fi
done
echo "$checked golden files match, $failed differ"
[ "$failed" -eq 0 ] && [ "$checked" -gt 0 ] || [ -n "$GOLDEN_UPDATE" ]
