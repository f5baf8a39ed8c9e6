"""`python -m bench.extract`: per-field accuracy of `extract` over the labelled corpus in
tests/data/extract/ (each NAME.eml|.txt|.pdf beside NAME.expected.json), and its timing."""

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from intake.extraction import FIELDS

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "extract"
HELD_OUT = "holdout_"


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return re.sub(r"[\s,.;:]+", " ", value.casefold()).strip()


def _targets(value: list[dict]) -> set[tuple]:
    """Identifiers only: which type a reader gives an email (user or account) is a judgement."""
    return {
        tuple(sorted((k, _text(v)) for k, v in target.items() if k != "type"))
        for target in value or []
    }


def same(name: str, expected: Any, actual: Any) -> bool:
    """Whether an extracted field matches its label, as a reviewer would judge it."""
    if name == "phone":
        digits = [re.sub(r"\D", "", v) if v else v for v in (expected, actual)]
        return digits[0] == digits[1]
    if name == "targets":
        return _targets(expected) == _targets(actual)
    if name == "nondisclosure":
        return expected == actual
    if name == "emergency":
        # Who is at risk and how imminent are free text: judged on being found at all.
        return all(bool(expected.get(k)) == bool((actual or {}).get(k)) for k in expected)
    return _text(expected) == _text(actual)


def corpus() -> list[tuple[Path, dict]]:
    cases = []
    for label in sorted(CORPUS.glob("*.expected.json")):
        stem = label.name.removesuffix(".expected.json")
        source = next(p for p in CORPUS.glob(f"{stem}.*") if not p.name.endswith(".json"))
        cases.append((source, json.loads(label.read_text(encoding="utf-8"))))
    return cases


def run() -> dict[str, Any]:
    from intake.extraction import extract_path

    hits = dict.fromkeys(FIELDS, 0)
    held_out = [0, 0]  # fields right, fields in all, over the held-out cases
    misses: list[str] = []
    timings = []
    cases = corpus()
    for source, expected in cases:
        started = time.perf_counter()
        fields = extract_path(source).fields
        timings.append(time.perf_counter() - started)
        for name in FIELDS:
            right = same(name, expected[name], fields.get(name))
            if source.name.startswith(HELD_OUT):
                held_out[0] += right
                held_out[1] += 1
            if right:
                hits[name] += 1
            else:
                misses.append(
                    f"{source.name}: {name}: expected {expected[name]!r}, got {fields.get(name)!r}"
                )
    return {
        "cases": len(cases),
        "hits": hits,
        "held_out": held_out,
        "misses": misses,
        "timings": timings,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    result = run()
    n = result["cases"]
    where = CORPUS.relative_to(Path.cwd()) if CORPUS.is_relative_to(Path.cwd()) else CORPUS
    print(f"extract: {n} labelled requests in {where}")
    for name in FIELDS:
        print(f"  {name:<22}{result['hits'][name]:>3}/{n}  {100 * result['hits'][name] / n:5.1f}%")
    total = sum(result["hits"].values())
    print(
        f"  {'all fields':<22}{total:>3}/{n * len(FIELDS)}  {100 * total / (n * len(FIELDS)):5.1f}%"
    )
    right, total = result["held_out"]
    if total:
        print(
            f"  {'held-out only':<22}{right:>3}/{total}  {100 * right / total:5.1f}%"
            f"  ({HELD_OUT}* cases: untuned first run 97/112, see git log)"
        )
    t = sorted(result["timings"])
    print(
        f"time per request: median {t[len(t) // 2]:.3f} s, max {t[-1]:.3f} s (first loads models)"
    )
    if "-v" in sys.argv:
        print("\n".join(result["misses"]))


if __name__ == "__main__":
    main()
