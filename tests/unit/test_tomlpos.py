from __future__ import annotations

from backtimer.routine.tomlpos import Pos, locate, nearest

DOC = """\
# a comment
[routine]
name = "Back" # trailing
"quoted key" = 'x'

[[exercise]]
name = "Row"
cues = [
  "one", # c
  "two",
]
warmup_sets = [{ reps = 10, weight = 20 }, {duration="30s"}]

[[exercise]]
name = \"\"\"multi
line\"\"\"
a.b = 1
"""


def test_locates_keys_tables_and_array_items() -> None:
    found = locate(DOC)
    assert found[("routine",)].key == Pos(2, 1)
    assert found[("routine", "name")].key == Pos(3, 1)
    assert found[("routine", "name")].value == Pos(3, 8)
    assert found[("routine", "quoted key")].key == Pos(4, 1)
    assert found[("exercise", 0)].key == Pos(6, 1)
    assert found[("exercise", 0, "cues", 1)].key == Pos(10, 3)
    assert found[("exercise", 0, "warmup_sets", 0, "weight")].key == Pos(12, 29)
    assert found[("exercise", 0, "warmup_sets", 1, "duration")].key == Pos(12, 45)
    assert found[("exercise", 1)].key == Pos(14, 1)
    assert found[("exercise", 1, "a", "b")].key == Pos(17, 1)


def test_nearest_falls_back_to_the_closest_ancestor() -> None:
    found = locate(DOC)
    assert nearest(found, ("exercise", 1, "reps")) == Pos(14, 1)
    assert nearest(found, ("nowhere",)) == Pos(1, 1)
