#!/usr/bin/env python3
"""Fails on any #include that breaks the folder rule of docs/ARCHITECTURE.md,
on any include cycle between files, and on environment reads outside the
places that document allows. Usage: check_layers.py [SOURCE_ROOT]"""
import pathlib
import re
import sys

# What each folder of src/ may include, besides itself. Keep this table and
# the one in docs/ARCHITECTURE.md the same.
ALLOWED = {
    "util": set(),
    "bank": {"util"},
    "scoring": {"util", "bank"},
    "history": {"util", "bank", "scoring"},
    "render": {"util", "bank", "scoring"},
    "session": {"util", "bank", "scoring", "history", "render"},
    "terminal": {"util", "bank", "session"},
    "cli": {"util", "bank", "scoring", "history", "render", "session", "terminal"},
}

# The only files that read the environment (std::getenv, or util's env()).
ENV_READERS = {
    "util/paths.hpp": "declares the env() wrapper",
    "util/paths.cpp": "XDG_* and DRILL_DATA_DIR; the env() wrapper itself",
    "util/term.cpp": "NO_COLOR, TERM and COLUMNS",
    "terminal/line_editor.cpp": "VISUAL, EDITOR and TMPDIR",
}
ENV_READ = re.compile(r"\b(?:std::)?(?:getenv|secure_getenv|env)\s*\(")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)  # string literals
    return re.sub(r"//[^\n]*", "", text)


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    src = root / "src"
    problems = []
    graph = {}
    files = sorted(p for p in src.rglob("*") if p.suffix in (".cpp", ".hpp"))
    if not files:
        print(f"check_layers: no sources under {src}", file=sys.stderr)
        return 2
    for path in files:
        rel = path.relative_to(src).as_posix()
        folder = rel.split("/")[0]
        if folder not in ALLOWED:
            problems.append(f"src/{rel}: folder '{folder}' is not in the layer table")
            continue
        text = path.read_text(encoding="utf-8")
        graph[rel] = []
        for n, line in enumerate(text.splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if not (src / target).exists():
                problems.append(f"src/{rel}:{n}: includes \"{target}\", which is not a path below src/")
                continue
            graph[rel].append(target)
            tfolder = target.split("/")[0]
            if tfolder != folder and tfolder not in ALLOWED[folder]:
                problems.append(f"src/{rel}:{n}: {folder}/ may not include {target} "
                                f"({folder}/ may use: {', '.join(sorted(ALLOWED[folder])) or 'nothing'})")
        if folder != "cli" and rel not in ENV_READERS:
            for n, line in enumerate(strip_comments(text).splitlines(), 1):
                if ENV_READ.search(line):
                    problems.append(f"src/{rel}:{n}: reads the environment; only cli/ and "
                                    f"{', '.join(sorted(ENV_READERS))} may")

    # File-level cycles: a .cpp belongs with its header, so x.cpp -> y.hpp and
    # y.cpp -> x.hpp is a cycle between the modules x and y.
    def module(rel):
        return rel.rsplit(".", 1)[0]
    mgraph = {}
    for rel, targets in graph.items():
        mgraph.setdefault(module(rel), set()).update(module(t) for t in targets if module(t) != module(rel))
    state = {}
    stack = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(mgraph.get(m, ())):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2
    for m in sorted(mgraph):
        if m not in state:
            visit(m)

    for p in problems:
        print(p)
    print(f"check_layers: {len(files)} files, {sum(map(len, graph.values()))} includes, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
