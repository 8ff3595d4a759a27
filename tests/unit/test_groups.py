"""Supersets and circuits (issue 16): the format, what check refuses, the plan, the log.

Plans are written in a short notation (:func:`shape`): ``A1`` is set 1 of the exercise
whose name starts with A, ``wA1`` its warm-up set 1, ``~`` a transition, ``rest`` a rest,
``ready`` a get-ready; sides add ``:left``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.engine import FakeClock, GroupKind, Plan, Session, Step, StepKind, expand
from backtimer.errors import Problem, RoutineError
from backtimer.logs import open_journal, read_log, resume_session
from backtimer.logs.logfile import dump_log, parse_log
from backtimer.routine import parse_routine
from tests.conftest import SHIPPED


def plan_of(text: str) -> Plan:
    return expand(parse_routine(text, "groups.toml"))


def token(step: Step) -> str:
    if step.kind is StepKind.REST:
        return "rest"
    if step.kind is StepKind.GET_READY:
        return "ready"
    if step.kind is StepKind.TRANSITION:
        return "~"
    if step.kind is StepKind.WARMUP:
        return "move"
    if step.kind is StepKind.STRETCH:
        return "stretch"
    prefix = "w" if step.kind is StepKind.WARMUP_SET else ""
    side = f":{step.side}" if step.side else ""
    return f"{prefix}{step.name[0]}{step.set_number}{side}"


def shape(plan: Plan) -> list[str]:
    return [token(s) for s in plan.steps]


def routine(*exercises: str, defaults: str = "get_ready = 0\n", after: str = "") -> str:
    body = "".join(f"\n[[exercise]]\n{e.strip()}\n" for e in exercises)
    return f'[routine]\nname = "Groups"\n\n[defaults]\n{defaults}{body}{after}'


def member(name: str, group: str | None = "A", **keys: object) -> str:
    lines = [f'name = "{name}"']
    if group is not None:
        lines.append(f'group = "{group}"')
    keys.setdefault("reps", 10)
    for key, value in keys.items():
        shown = f'"{value}"' if isinstance(value, str) else str(value).lower()
        if isinstance(value, list):
            shown = "[" + ", ".join(f'"{v}"' for v in value) + "]"
        lines.append(f"{key} = {shown}")
    return "\n".join(lines)


# -- the examples of the issue ----------------------------------------------------


def test_three_and_three_sets_interleave_with_a_rest_after_each_round() -> None:
    plan = plan_of(routine(member("Row", sets=3), member("Face pull", sets=3, rest=45)))
    assert shape(plan) == ["R1", "F1", "rest", "R2", "F2", "rest", "R3", "F3"]
    rests = [s for s in plan.steps if s.kind is StepKind.REST]
    assert {s.planned_seconds for s in rests} == {45}  # the last member's rest
    assert [s.exercise for s in rests] == ["Row", "Row"]  # what comes after it


def test_four_three_two_sets_leave_a_member_out_once_it_has_run_out() -> None:
    plan = plan_of(
        routine(member("Alpha", sets=4), member("Bravo", sets=3), member("Charlie", sets=2))
    )
    rounds = " ".join(shape(plan)).split(" rest ")
    assert rounds == ["A1 B1 C1", "A2 B2 C2", "A3 B3", "A4"]
    a4 = plan.steps[-1]
    assert (a4.round, a4.round_count, a4.set_number, a4.set_count) == (4, 4, 4, 4)


def test_the_rest_after_the_last_round_follows_the_usual_rules() -> None:
    text = routine(
        member("Row", sets=2),
        member("Face pull", sets=2, rest=40),
        member("Deadlift", group=None, sets=1, rest=120),
        after='\n[[stretch]]\nname = "Child\'s pose"\nhold = 20\n',
    )
    # Another exercise follows the group: its rest (the group's) comes first; nothing
    # but the stretches follows the deadlift: no rest after its last set.
    assert shape(plan_of(text)) == ["R1", "F1", "rest", "R2", "F2", "rest", "D1", "stretch"]
    rests = [s.planned_seconds for s in plan_of(text).steps if s.kind is StepKind.REST]
    assert rests == [40, 40]


def test_a_transition_is_a_short_timed_step_between_members_only_when_set() -> None:
    straight = plan_of(routine(member("Row", sets=2), member("Face pull", sets=2)))
    assert "~" not in shape(straight)
    timed = plan_of(
        routine(member("Row", sets=2), member("Face pull", sets=2), defaults="transition = 15\n")
    )
    # No get-ready inside a round: the transition (or nothing) leads into the next member.
    assert shape(timed) == ["ready", "R1", "~", "F1", "rest", "R2", "~", "F2"]
    switch = timed.steps[2]
    assert switch.kind is StepKind.TRANSITION and switch.planned_seconds == 15
    assert switch.title == "Switch to Face pull" and switch.exercise == "Face pull"
    assert switch.leads_in and switch.phase is timed.steps[4].phase  # shown like a rest
    assert (switch.group, switch.round, switch.round_count) == ("A", 1, 2)
    # An exercise's own transition: the pause after its sets, before the next member.
    own = plan_of(
        routine(member("Row", sets=1, transition="5s"), member("Face pull", sets=1, transition=0))
    )
    assert [(s.kind, s.planned_seconds) for s in own.steps if s.leads_in] == [
        (StepKind.TRANSITION, 5)
    ]


def test_warm_up_sets_of_every_member_come_before_the_first_round() -> None:
    plan = plan_of(
        routine(
            member("Row", sets=2, warmup_rest=30) + "\nwarmup_sets = [{ reps = 10 }, { reps = 5 }]",
            member("Face pull", sets=2) + "\nwarmup_sets = [{ reps = 15 }]",
        )
    )
    assert shape(plan) == [
        *("wR1", "rest", "wR2", "rest", "wF1", "rest"),
        *("R1", "F1", "rest", "R2", "F2"),
    ]
    warmups = [s for s in plan.steps if s.kind is StepKind.WARMUP_SET]
    assert all(s.group == "A" and s.round is None for s in warmups)
    rests = [s.planned_seconds for s in plan.steps if s.kind is StepKind.REST]
    assert rests == [30, 30, 60, 90]  # Row's warm-up rest, the default's, the round's


def test_a_circuit_runs_its_rounds_with_every_member_once_a_round() -> None:
    plan = plan_of(
        routine(
            'name = "Superman hold"\ngroup = "C"\nrounds = 3\nduration = 30',
            'name = "Bird dog"\ngroup = "C"\nduration = "20s"\nrest = 60',
        )
    )
    assert " ".join(shape(plan)).split(" rest ") == ["S1 B1", "S2 B2", "S3 B3"]
    routine_ = plan.routine
    assert [e.sets for e in routine_.exercises] == [3, 3]
    assert routine_.exercises[0].rounds == 3 and routine_.exercises[1].rounds is None
    first = plan.steps[0]
    assert first.group_kind is GroupKind.CIRCUIT
    assert plan.steps[-1].group_label == "Circuit C · Round 3 of 3"
    assert plan.planned_seconds == 3 * (30 + 20) + 2 * 60


def test_a_group_of_rep_sets_is_a_superset_and_says_where_it_is() -> None:
    plan = plan_of(routine(member("Row", sets=3), member("Face pull", sets=3)))
    face_pull_2 = next(s for s in plan.steps if s.name == "Face pull" and s.set_number == 2)
    assert face_pull_2.group_kind is GroupKind.SUPERSET
    assert face_pull_2.group_label == "Superset A · Round 2 of 3"
    straight = plan_of(routine(member("Row", group=None, sets=2)))
    assert all(s.group is None and s.round is None and s.group_label == "" for s in straight.steps)


def test_the_rounds_around_a_step_for_next_and_the_rest_screen() -> None:
    plan = plan_of(
        routine(
            member("Row", sets=2, sides=["left", "right"]),
            member("Face pull", sets=2),
            defaults="get_ready = 0\ntransition = 5\n",
        )
    )
    names = [
        "R1:left",
        "~",
        "R1:right",
        "~",
        "F1",
        "rest",
        "R2:left",
        "~",
        "R2:right",
        "~",
        "F2",
    ]
    assert shape(plan) == names
    rest = names.index("rest")

    def tokens(steps: tuple[Step, ...]) -> list[str]:
        return [token(s) for s in steps]

    round_1 = ["R1:left", "R1:right", "F1"]
    round_2 = ["R2:left", "R2:right", "F2"]
    assert tokens(plan.round_of(0)) == round_1
    assert tokens(plan.round_of(1)) == round_1  # a transition is part of its round
    assert tokens(plan.round_of(rest)) == []
    assert tokens(plan.previous_round(rest)) == round_1  # to log during the rest
    assert tokens(plan.next_round(rest)) == round_2  # "Next": the whole coming round
    assert tokens(plan.next_round(2)) == round_2
    assert tokens(plan.next_round(rest + 1)) == []
    assert tokens(plan.previous_round(0)) == []


def test_a_straight_exercise_runs_as_before() -> None:
    text = routine(
        member("Row", group=None, sets=2, rest=60) + "\nwarmup_sets = [{ reps = 10 }]",
        'name = "Plank"\nsets = 1\nduration = 30',
        defaults="get_ready = 5\n",
    )
    assert shape(plan_of(text)) == ["ready", "wR1", "rest", "R1", "rest", "R2", "rest", "P1"]


# -- what check refuses -------------------------------------------------------------


def problems(text: str) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "groups.toml")
    return caught.value.problems


def where(text: str, key: str, nth: int = 1) -> tuple[int, int]:
    """The line and column of the ``nth`` line that sets ``key``."""
    lines = [i for i, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key} = ")]
    return lines[nth - 1], 1


def test_check_refuses_members_that_are_not_adjacent() -> None:
    text = routine(member("Row"), member("Plank", group=None), member("Face pull"))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "group", 2)
    assert '#3 "Face pull" is in group "A"' in problem.message
    assert '#2 "Plank" comes between' in problem.message
    assert "move it up" in problem.message


def test_check_refuses_a_group_of_one() -> None:
    text = routine(member("Row"), member("Face pull", group="B"), member("Shrug", group="B"))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "group", 1)
    assert 'the only exercise of group "A"' in problem.message
    assert "remove 'group'" in problem.message


def test_check_refuses_rounds_on_a_later_member() -> None:
    text = routine(member("Row"), member("Face pull", rounds=3))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "rounds")
    assert 'its first exercise, [[exercise]] #1 "Row"' in problem.message


def test_check_refuses_rounds_with_members_that_have_sets() -> None:
    text = routine(member("Row", rounds=3), member("Face pull", sets=2))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "rounds")
    assert "#2 \"Face pull\" also gives 'sets'" in problem.message
    # On the first member itself, too: rounds is the sets of every member.
    text = routine(member("Row", rounds=3, sets=2), member("Face pull"))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "rounds")


def test_check_refuses_rounds_without_a_group() -> None:
    text = routine(member("Row", group=None, rounds=3))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "rounds")
    assert "write sets = 3" in problem.message


def test_check_refuses_an_empty_group_name() -> None:
    text = routine(member("Row", group=" "), member("Face pull", group=" "))
    found = problems(text)
    assert [(p.line, p.col) for p in found] == [where(text, "group", 1), where(text, "group", 2)]
    assert all("'group'" in p.message and "is empty" in p.message for p in found)


def test_check_refuses_a_transition_with_nothing_to_switch() -> None:
    text = routine(member("Row", group=None, transition=10))
    (problem,) = problems(text)
    assert (problem.line, problem.col) == where(text, "transition")
    assert "no 'group' and no 'sides'" in problem.message
    # With sides it times the switch of sides; in a group, of members.
    parse_routine(routine(member("Row", group=None, transition=10, sides=["left", "right"])))
    parse_routine(routine(member("Row", transition=10), member("Face pull")))


def test_check_refuses_group_keys_on_a_stretch_or_a_warm_up_move() -> None:
    text = routine(
        member("Row", group=None),
        after=(
            '\n[[warmup]]\nname = "Arm circles"\nduration = 30\ngroup = "W"\n'
            'sides = ["left", "right"]\n'
            '\n[[stretch]]\nname = "Child\'s pose"\nhold = 30\nrounds = 2\ntransition = 5\n'
        ),
    )
    found = {(p.line, p.col): p.message for p in problems(text)}
    assert "warm-up moves run one after another" in found[where(text, "group")]
    assert "one [[warmup]] a side" in found[where(text, "sides")]
    assert "static stretches are held" in found[where(text, "rounds")]
    assert "static stretches are held" in found[where(text, "transition")]
    assert len(found) == 4


def test_a_stretch_keeps_its_sides_one_hold_each() -> None:
    text = routine(
        member("Row", group=None),
        after='\n[[stretch]]\nname = "Lat stretch"\nhold = 20\nsides = ["left", "right"]\n',
    )
    holds = [s for s in plan_of(text).steps if s.kind is StepKind.STRETCH]
    assert [s.side for s in holds] == ["left", "right"]


# -- the log -------------------------------------------------------------------------

SUPERSET = routine(
    member("Row", sets=2, weight=20, sides=["left", "right"]),
    member("Face pull", sets=2, reps=15, rest=30),
    defaults="get_ready = 0\ntransition = 5\n",
)


def test_a_session_logs_group_round_and_side_of_every_set(tmp_path: Path, clock: FakeClock) -> None:
    session = Session(plan_of(SUPERSET), clock, max_gap=None)
    journal = open_journal(session, tmp_path)
    session.start()
    while not session.finished:
        clock.advance(3)
        if session.step.duration is not None:
            clock.advance(session.step.duration.seconds)
            session.tick()
        else:
            session.done()
    log = read_log(journal.path)
    done = [(r.name, r.group, r.round, r.side) for r in log.records if r.is_set]
    assert done == [
        ("Row", "A", 1, "left"),
        ("Row", "A", 1, "right"),
        ("Face pull", "A", 1, None),
        ("Row", "A", 2, "left"),
        ("Row", "A", 2, "right"),
        ("Face pull", "A", 2, None),
    ]
    switches = [r for r in log.records if r.kind is StepKind.TRANSITION]
    assert [r.name for r in switches] == ["Switch sides", "Switch to Face pull"] * 2
    assert all(r.planned == 5 and r.outcome.performed for r in switches)
    text = journal.path.read_text(encoding="utf-8")
    assert 'kind = "transition"' in text and "round = 2" in text and 'group = "A"' in text


def test_an_interrupted_superset_resumes_in_its_round(tmp_path: Path, clock: FakeClock) -> None:
    session = Session(plan_of(SUPERSET), clock, max_gap=None)
    journal = open_journal(session, tmp_path)
    session.start()
    for _ in range(6):  # row left, switch, row right, switch, face pull, rest…
        clock.advance(2)
        session.done()
    journal.close()
    resumed = resume_session(read_log(journal.path), FakeClock(start=100.0), max_gap=None)
    session = resumed.session
    step = session.plan.steps[session.index]  # after the lead-in back into the set
    assert (step.name, step.group, step.round, step.side) == ("Row", "A", 2, "left")
    assert [r.round for r in resumed.session.records if r.is_set] == [1, 1, 1]


def test_round_is_left_out_of_a_straight_set_and_older_logs_read_as_none(
    tmp_path: Path, clock: FakeClock
) -> None:
    session = Session(plan_of(routine(member("Row", group=None, sets=1))), clock, max_gap=None)
    journal = open_journal(session, tmp_path)
    session.start()
    session.done()
    text = journal.path.read_text(encoding="utf-8")
    assert "round =" not in text and "group =" not in text
    log = parse_log(text.encode(), journal.path)
    assert log.records[0].round is None
    # And a round written reads back as written.
    again = parse_log(
        dump_log(log).replace("entered =", "round = 3\nentered =").encode(), Path("x")
    )
    assert again.records[0].round == 3


# -- backtimer plan ------------------------------------------------------------------


def test_plan_prints_the_rounds_as_they_run_with_the_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    path = tmp_path / "superset.toml"
    path.write_text(SUPERSET, encoding="utf-8")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    heading = [i for i, line in enumerate(lines) if "Superset A · Round" in line]
    assert [lines[i].split("│")[3].strip() for i in heading] == [
        "Superset A · Round 1 of 2",
        "Superset A · Round 2 of 2",
    ]
    after_first = lines[heading[0] + 1]
    assert "Row, set 1 of 2, left side" in after_first
    assert "Switch sides" in out and "Switch to Face pull" in out
    assert "Total: 50s + 6 rep-based sets planned" in out  # 4 switches of 5s and a 30s rest


# -- the shipped routines --------------------------------------------------------------


def test_a_shipped_routine_has_a_superset_and_another_a_bodyweight_circuit() -> None:
    from backtimer.routine import load_routine

    kinds = {}
    for path in sorted(SHIPPED.glob("*.toml")):
        plan = expand(load_routine(path))
        kinds[path.stem] = {s.group_kind for s in plan.steps if s.group_kind is not None}
    assert GroupKind.SUPERSET in kinds["supersets"]
    assert kinds["circuit"] == {GroupKind.CIRCUIT}
    circuit = load_routine(SHIPPED / "circuit.toml")
    names = " ".join(e.name.lower() for e in circuit.exercises)
    for move in ("superman", "reverse snow angel", "y-raise", "bird dog"):
        assert move in names
    assert all(e.weight is None for e in circuit.exercises)  # bodyweight
    assert any(e.sides for e in circuit.exercises)


# -- any group shape ---------------------------------------------------------------------

SHAPES = st.lists(
    st.tuples(
        st.integers(1, 5),  # sets
        st.sampled_from([(), ("left", "right"), ("front", "left", "right")]),
        st.integers(0, 2),  # warm-up sets
        st.booleans(),  # timed
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(
    members=SHAPES,
    transition=st.sampled_from([0, 5]),
    get_ready=st.sampled_from([0, 5]),
    follows=st.booleans(),
)
def test_any_group_runs_every_set_of_every_side_in_order_in_its_rounds(
    members: list[tuple[int, tuple[str, ...], int, bool]],
    transition: int,
    get_ready: int,
    follows: bool,
) -> None:
    exercises = []
    for n, (count, sides, warmups, timed) in enumerate(members):
        lines = [f'name = "M{n}"', 'group = "G"', f"sets = {count}"]
        lines.append("duration = 20" if timed else "reps = 8")
        if sides:
            lines.append("sides = [" + ", ".join(f'"{s}"' for s in sides) + "]")
        if warmups:
            lines.append("warmup_sets = [" + ", ".join(["{ }"] * warmups) + "]")
        exercises.append("\n".join(lines))
    if follows:
        exercises.append('name = "After"\nreps = 5')
    defaults = f"get_ready = {get_ready}\ntransition = {transition}\nrest = 45\n"
    plan = plan_of(routine(*exercises, defaults=defaults))
    steps = plan.steps
    done = [s for s in steps if s.is_set and s.exercise != "After"]
    # Exactly every set, warm-up sets too, once per side.
    assert len(done) == sum((n + w) * max(1, len(sides)) for n, sides, w, _ in members)
    # Each member's sets in order: warm-ups, then work sets, each side in its order.
    for n, (count, sides, warmups, _) in enumerate(members):
        mine = [(s.kind, s.set_number, s.side) for s in done if s.name == f"M{n}"]
        expected = [
            (kind, number, side)
            for kind, total in ((StepKind.WARMUP_SET, warmups), (StepKind.SET, count))
            for number in range(1, total + 1)
            for side in sides or (None,)
        ]
        assert mine == expected
    # Every warm-up set before the first round; the rounds in order, members in order.
    work = [s for s in done if s.kind is StepKind.SET]
    first_work = done.index(work[0])
    assert all(s.kind is StepKind.WARMUP_SET for s in done[:first_work])
    rounds = max(count for count, *_ in members)
    assert [(s.round, s.name) for s in work] == [
        (r, f"M{n}")
        for r in range(1, rounds + 1)
        for n, (count, sides, *_) in enumerate(members)
        if count >= r
        for _ in sides or (None,)
    ]
    assert all(s.round_count == rounds and s.group == "G" for s in work)
    # A rest after each warm-up set and each round, none within a round.
    for r in range(1, rounds + 1):
        in_round = [s.index for s in work if s.round == r]
        between = steps[in_round[0] : in_round[-1] + 1]
        assert all(s.kind in (StepKind.SET, StepKind.TRANSITION) for s in between)
        assert plan.round_of(in_round[0]) == tuple(s for s in between if s.is_set)
    rests = [s for s in steps if s.kind is StepKind.REST]
    warmup_count = sum(w for _, _, w, _ in members)
    assert len(rests) == warmup_count + rounds - 1 + follows
    # A transition only when there is one (round 1 has two members at least), never two
    # lead-ins in a row.
    assert any(s.kind is StepKind.TRANSITION for s in steps) == (transition > 0)
    for a, b in zip(steps, steps[1:], strict=False):
        assert not (a.leads_in and b.leads_in), (a.title, b.title)
