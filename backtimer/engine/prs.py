"""Personal records: the bests of an exercise so far, and what a new set beats.

Pure functions over past sessions (:mod:`.memory`), no I/O. The measures:

- **heaviest for N+ reps** (N from 1 to 12): the most weight lifted for N reps or more;
- **most reps at a weight**, per weight;
- **best estimated 1RM**, only from sets of 1–12 reps (:class:`E1rm`: Epley by default,
  Brzycki when ``config.toml`` says ``e1rm = "brzycki"``);
- **best session volume** (reps × weight over the session's work sets);
- an exercise without weight (bodyweight): **most reps** in a set;
- a timed set or a hold: the **longest** one.

Only work sets that were performed count (warm-ups never do); sets from imported
sessions count like any other. A weight-based best is kept per unit (a kilo best is
never compared with a pound one).

Nothing is a record the first time it is measured: a first-ever set of an exercise,
or the first set at a weight or of a rep count never done before, has nothing to
beat, so :meth:`Bests.check` does not announce it (it becomes the best to beat).
A tie is not a record either: a record beats the best, it does not equal it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backtimer.engine.memory import PastSession, PastSet, exercise_key
from backtimer.formatting import format_clock, format_number, format_volume
from backtimer.routine import Unit

#: The rep counts the heaviest-for-reps and e1RM records are kept for (1–12).
MAX_RECORD_REPS = 12
#: Values closer than this are equal (floating point sums of weights).
_EPSILON = 1e-9


class E1rm(StrEnum):
    """The estimated one-rep-max formula."""

    EPLEY = "epley"  # weight × (1 + reps / 30)
    BRZYCKI = "brzycki"  # weight × 36 / (37 − reps)


def e1rm(weight: float, reps: int, formula: E1rm = E1rm.EPLEY) -> float | None:
    """The estimated one-rep max of ``weight × reps``; ``None`` outside 1–12 reps or no weight.

    One rep is the weight itself, by either formula.
    """
    if weight <= 0 or not 1 <= reps <= MAX_RECORD_REPS:
        return None
    if reps == 1:
        return float(weight)
    if formula is E1rm.BRZYCKI:
        return weight * 36 / (37 - reps)
    return weight * (1 + reps / 30)


class RecordKind(StrEnum):
    """What a personal record measures."""

    WEIGHT_FOR_REPS = "weight_for_reps"  # heaviest for N reps or more (N 1..12)
    REPS_AT_WEIGHT = "reps_at_weight"  # most reps at one weight
    E1RM = "e1rm"  # best estimated one-rep max
    VOLUME = "volume"  # best session volume
    REPS = "reps"  # most reps in a set, no weight (bodyweight)
    DURATION = "duration"  # longest timed set or hold


@dataclass(frozen=True)
class PersonalRecord:
    """A best of one exercise.

    Attributes:
        value: What is measured: the weight (heaviest for N+ reps), the reps (most
            reps, at a weight or without), the estimated 1RM, the volume or the seconds.
        reps: The set's reps; for :attr:`RecordKind.WEIGHT_FOR_REPS` the record's rep
            count N is :attr:`at_least`.
        weight: The set's weight (``None`` without weight).
        seconds: The set's seconds (timed sets).
        when: When the session started (``None``: the session under way).
        at_least: For heaviest-for-reps, the N of "N+ reps".
    """

    kind: RecordKind
    exercise: str
    value: float
    reps: int | None
    weight: float | None
    seconds: float | None
    unit: Unit | None
    when: datetime | None
    at_least: int | None = None

    def _weight(self, weight: float | None) -> str:
        unit = f" {self.unit}" if self.unit is not None else ""
        return f"{format_number(weight)}{unit}"

    @property
    def text(self) -> str:
        """The record in words: ``heaviest for 8+ reps — 45 kg × 8``, ``longest hold 0:45``."""
        if self.kind is RecordKind.WEIGHT_FOR_REPS:
            return f"heaviest for {self.at_least}+ reps — {self._weight(self.weight)} × {self.reps}"
        if self.kind is RecordKind.REPS_AT_WEIGHT:
            return f"most reps at {self._weight(self.weight)} — {self.reps}"
        if self.kind is RecordKind.E1RM:
            best = self._weight(round(self.value, 1))
            return f"best e1RM {best} ({format_number(self.weight)} × {self.reps})"
        if self.kind is RecordKind.VOLUME:
            return (
                f"best session volume — {format_volume(self.value, str(self.unit or '')).strip()}"
            )
        if self.kind is RecordKind.REPS:
            return f"most reps — {self.reps}"
        return f"longest hold {format_clock(round(self.value))}"

    @property
    def announcement(self) -> str:
        """What the session screen says: ``New record: heaviest for 8+ reps — 45 kg × 8``."""
        return f"New record: {self.text}"


_Key = tuple[RecordKind, float, Unit | None]


@dataclass
class Bests:
    """The bests of one exercise so far (build with :meth:`of`, then :meth:`check` each set).

    A first-ever set (and a first set at a new weight or rep count) is not announced
    as a record: there was nothing to beat; it becomes the best to beat.
    """

    exercise: str
    formula: E1rm = E1rm.EPLEY
    _best: dict[_Key, PersonalRecord] = field(default_factory=dict)
    _files: dict[_Key, str] = field(default_factory=dict)
    _volume_told: bool = False

    @classmethod
    def of(cls, exercise: str, past: Sequence[PastSession], formula: E1rm = E1rm.EPLEY) -> Bests:
        """The bests of ``exercise`` over ``past``: its sessions, newest first, as in memory."""
        bests = cls(exercise, formula)
        key = exercise_key(exercise)
        for session in reversed(past):
            if exercise_key(session.exercise) != key:
                continue
            for done in session.work:
                bests._add(done, session.started, session.file)
            unit = next((s.unit for s in session.work if s.weight), None)
            bests._add_volume(session.volume, unit, session.started, session.file)
        return bests

    def check(self, done: PastSet, session_volume: float) -> list[PersonalRecord]:
        """What ``done`` beats (and take it as the new best); the session screen calls it
        after each saved set, with the session's volume of this exercise so far.

        The session volume is announced once a session (once this :class:`Bests` has
        told it, a later set raising it further updates the best silently).
        """
        beaten = [new for new, had in self._add(done, None, "") if had]
        unit = done.unit if done.weight else None
        for new, had in self._add_volume(session_volume, unit, None, ""):
            if had and not self._volume_told:
                beaten.append(new)
                self._volume_told = True
        return beaten

    def all(self) -> list[PersonalRecord]:
        """Every best so far, in a stable order (kind, then rep count or weight)."""
        order = list(RecordKind)
        return [
            self._best[k]
            for k in sorted(self._best, key=lambda k: (order.index(k[0]), str(k[2]), k[1]))
        ]

    def holders(self) -> set[str]:
        """The files of the sessions that hold a best now (what a cache of memory keeps)."""
        return {f for f in self._files.values() if f}

    # -- updating ----------------------------------------------------------------

    def _beats(self, key: _Key, value: float) -> bool:
        old = self._best.get(key)
        return old is None or value > old.value + _EPSILON

    def _offer(
        self, key: _Key, record: PersonalRecord, file: str
    ) -> tuple[PersonalRecord, bool] | None:
        """Take ``record`` if it beats the best of ``key``: (it, whether there was one)."""
        old = self._best.get(key)
        if old is not None and record.value <= old.value + _EPSILON:
            return None
        self._best[key] = record
        self._files[key] = file
        return record, old is not None

    def _add(
        self, done: PastSet, when: datetime | None, file: str
    ) -> list[tuple[PersonalRecord, bool]]:
        """Offer one set to every measure it counts for; what it beat (announce-worthy last)."""
        if done.warmup or not done.performed:
            return []
        out: list[tuple[PersonalRecord, bool] | None] = []

        def record(kind: RecordKind, value: float, at_least: int | None = None) -> PersonalRecord:
            unit = done.unit if done.weight else None
            return PersonalRecord(
                kind,
                self.exercise,
                value,
                done.reps,
                done.weight,
                done.seconds,
                unit,
                when,
                at_least,
            )

        if done.reps is None:
            if done.seconds is not None and done.seconds > 0:
                key: _Key = (RecordKind.DURATION, 0.0, None)
                out.append(self._offer(key, record(RecordKind.DURATION, done.seconds), file))
            return [o for o in out if o is not None]
        reps = done.reps
        if reps <= 0:
            return []
        if not done.weight or done.weight <= 0:
            key = (RecordKind.REPS, 0.0, None)
            out.append(self._offer(key, record(RecordKind.REPS, float(reps)), file))
            return [o for o in out if o is not None]
        weight, unit = done.weight, done.unit
        # Heaviest for N+ reps: the set counts for every N up to its reps; the most
        # specific one beaten (the largest N) is the one told.
        heaviest: tuple[PersonalRecord, bool] | None = None
        for n in range(1, min(reps, MAX_RECORD_REPS) + 1):
            key = (RecordKind.WEIGHT_FOR_REPS, float(n), unit)
            if not self._beats(key, weight):
                continue  # (checked before a record is made: most sets beat nothing)
            taken = self._offer(key, record(RecordKind.WEIGHT_FOR_REPS, weight, at_least=n), file)
            if taken is not None and (heaviest is None or taken[1] or not heaviest[1]):
                heaviest = taken
        out.append(heaviest)
        key = (RecordKind.REPS_AT_WEIGHT, weight, unit)
        if self._beats(key, reps):
            out.append(self._offer(key, record(RecordKind.REPS_AT_WEIGHT, float(reps)), file))
        estimate = e1rm(weight, reps, self.formula)
        if estimate is not None and self._beats((RecordKind.E1RM, 0.0, unit), estimate):
            key = (RecordKind.E1RM, 0.0, unit)
            out.append(self._offer(key, record(RecordKind.E1RM, estimate), file))
        return [o for o in out if o is not None]

    def _add_volume(
        self, volume: float, unit: Unit | None, when: datetime | None, file: str
    ) -> list[tuple[PersonalRecord, bool]]:
        if volume <= 0:
            return []
        key: _Key = (RecordKind.VOLUME, 0.0, unit)
        rec = PersonalRecord(RecordKind.VOLUME, self.exercise, volume, None, None, None, unit, when)
        taken = self._offer(key, rec, file)
        return [taken] if taken is not None else []
