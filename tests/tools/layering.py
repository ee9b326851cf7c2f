#!/usr/bin/env python3
"""layering.py TREE: checks every #include "..." of TREE/src and TREE/include
against the dependency table of TREE/docs/ARCHITECTURE.md ("Who may include
whom"). Prints one line per forbidden include and exits 1 when there is any."""
import os
import re
import sys

tree = sys.argv[1] if len(sys.argv) > 1 else "."
doc = open(os.path.join(tree, "docs", "ARCHITECTURE.md"), encoding="utf-8").read()
section = doc.split("## Who may include whom", 1)[1].split("\n## ", 1)[0]
allowed, header_stage = {}, {}
for row in re.findall(r"^\|([^|\n]*)\|([^|\n]*)\|$", section, re.M):
    left, right = row[0].strip(), row[1].strip()
    if left in ("stage", "header") or set(left) <= set("-"):
        continue
    if left.endswith(".h") or "," in left and ".h" in left:
        for header in left.split(","):
            header_stage[header.strip()] = right
    else:
        allowed[left] = {name.strip() for name in right.split(",") if name.strip()}
if not allowed or not header_stage:
    sys.exit("layering.py: no dependency table in docs/ARCHITECTURE.md")

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def stage_of(include):
    folder, _, name = include.partition("/")
    if folder == "ttsread":
        return header_stage.get(name, "unknown header " + name)
    return folder  # "util/strbuf.h", "cast/cast_internal.h"


problems = []
for base in ("src", "include"):
    for root, _, files in os.walk(os.path.join(tree, base)):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, tree)
            parts = relative.split(os.sep)
            if parts[0] == "include":
                stage = header_stage.get(parts[-1], "unknown header " + parts[-1])
            elif len(parts) == 2:  # src/main.c
                continue
            else:
                stage = parts[1]
            if stage not in allowed:
                problems.append("%s: stage '%s' is not in the table" % (relative, stage))
                continue
            for include in INCLUDE.findall(open(path, encoding="utf-8").read()):
                if "/" not in include:
                    continue  # the folder's own private header
                target = stage_of(include)
                if target != stage and target not in allowed[stage]:
                    problems.append('%s: %s may not include "%s" (%s)' % (relative, stage, include,
                                                                          target))
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
