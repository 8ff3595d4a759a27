"""Personal records the moment they fall: a subscriber of the session.

Beside the journal and the cues, a :class:`RecordWatch` follows a session's
events; after each work set whose numbers are final it checks the set against
the bests of its exercise (:class:`~backtimer.engine.prs.Bests`, from every
earlier session, imported ones too, and this one so far) and tells whoever
listens — the screen's banner, a distinct bell, the voice.
"""

from __future__ import annotations

from collections.abc import Callable

from backtimer.engine.events import Event, SetLogged, StepEnded
from backtimer.engine.memory import Memory, exercise_key, past_set
from backtimer.engine.plan import StepKind
from backtimer.engine.prs import Bests, E1rm, PersonalRecord
from backtimer.engine.records import StepRecord
from backtimer.engine.session import Session


class RecordWatch:
    """Notices a personal record the moment it falls: a subscriber of the session.

    After each work set whose numbers are final — a rep-based set when its entry is
    saved, a timed set or hold when it ends — the set is checked against the bests of
    its exercise from every earlier session (imported ones too) and this one so far.
    ``on_record`` hears of each record broken; :attr:`found` keeps them for the summary.
    An exercise never done before has no records to break: its sets are firsts.
    """

    def __init__(
        self,
        session: Session,
        memory: Memory,
        *,
        on_record: Callable[[list[PersonalRecord]], None],
        formula: E1rm = E1rm.EPLEY,
    ) -> None:
        self.session = session
        self.memory = memory
        self.formula = formula
        self.on_record = on_record
        self.found: list[PersonalRecord] = []
        self._bests: dict[str, Bests] = {}
        session.subscribe(self._on_event)

    def use(self, memory: Memory) -> None:
        """Judge from now on against ``memory`` (the whole of it, read after the start).

        The bests are built again from it, with this session's sets so far taken in
        without a word: what was said stays said, and nothing this session already did
        is announced later as new.
        """
        self.memory = memory
        self._bests = {}
        for record in self.session.records:
            if not self._final(record) or not record.exercise:
                continue
            key = exercise_key(record.exercise)
            bests = self._bests_of(key, record.exercise)
            if bests is not None:
                bests.check(past_set(record), self._volume(key))

    @staticmethod
    def _final(record: StepRecord) -> bool:
        return record.kind is StepKind.SET and record.performed

    def _bests_of(self, key: str, exercise: str) -> Bests | None:
        if key not in self._bests:
            past = self.memory.of(exercise)
            if not past:
                return None  # a first session of the exercise: its sets are firsts
            self._bests[key] = Bests.of(exercise, past, self.formula)
        return self._bests[key]

    def _volume(self, key: str) -> float:
        return sum(
            r.volume
            for r in self.session.records
            if r.kind is StepKind.SET and r.exercise and exercise_key(r.exercise) == key
        )

    def _on_event(self, event: Event) -> None:
        if isinstance(event, SetLogged):
            record = event.record
        elif isinstance(event, StepEnded) and event.record.planned is not None:
            record = event.record  # a timed set or hold: final when it ends
        else:
            return
        if not self._final(record) or not record.exercise:
            return
        key = exercise_key(record.exercise)
        bests = self._bests_of(key, record.exercise)
        if bests is None:
            return
        broken = bests.check(past_set(record), self._volume(key))
        if broken:
            self.found.extend(broken)
            self.on_record(broken)
