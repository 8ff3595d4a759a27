"""``backtimer cues [--test]``: which voice speaks the cues, and a sample of it."""

from __future__ import annotations

import argparse
import shutil

from backtimer.commands import Subparsers

SAMPLE = "Bent-over row, set 1 of 3, 8 reps at 40 kilos"
#: How long the sample may take to be said before it counts as hanging.
SAMPLE_SECONDS = 20.0
#: What to do when no speech program is found.
INSTALL = """\
To hear the cues, install a speech program:
  Debian, Ubuntu: sudo apt install espeak-ng    Fedora: sudo dnf install espeak-ng
  macOS has say.
Or set your own cue_command in config.toml, e.g. "espeak-ng -v en-us {text}"."""

EPILOG = """\
cue_command = "auto" (the default) speaks through the first of say, spd-say, espeak-ng
and espeak found on PATH; "off" turns the voice off; anything else is your own command.
What is spoken is set in config.toml's [voice] table (start, next, halfway, sides,
countdown, records: each true unless set false).

exit status: 0 when the cues have a voice (with --test: the sample was said) or the
voice is "off"; 1 when there is no voice to speak with (no speech program found), when
with --test the voice failed, or for a problem in config.toml (shown at its line).
"""


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "cues",
        help="show which voice speaks the cues (--test: speak a sample)",
        description="List the speech programs found on PATH (say, spd-say, espeak-ng,\n"
        "espeak), say which one speaks the cues and what cue_command in config.toml\n"
        "says, and with --test speak a sample through it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--test", action="store_true", help="speak a sample through the voice")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.config import load_config
    from backtimer.engine.speech import AUTO, ENGINES, OFF, CueCommand, voice_command

    config = load_config()
    setting = config.cue_command if config.cue_command is not None else AUTO
    command = voice_command(config.cue_command)
    print('Speech programs (cue_command = "auto" uses the first found):')
    width = max(len(name) for name, _ in ENGINES)
    for name, engine in ENGINES:
        where = shutil.which(name)
        chosen = "  <- speaks the cues" if where is not None and engine == command else ""
        print(f"  {name:<{width}}  {where if where is not None else 'not found'}{chosen}")
    said = "the default" if config.cue_command is None else f"in {config.path}"
    print(f'cue_command = "{setting}" ({said})')
    if command is None:
        if setting.strip().lower() == OFF:
            print("The voice is off; the bell still rings.")
            return 0
        print("No speech program found, so the cues are not spoken (the bell still rings).")
        print(INSTALL)
        return 1
    print(f"The cues are spoken with: {command}")
    if not args.test:
        return 0
    failures: list[str] = []
    voice = CueCommand(command, failures.append)
    print(f'Saying: "{SAMPLE}"', flush=True)
    voice.say(SAMPLE)
    if not voice.wait_idle(SAMPLE_SECONDS):
        voice.stop()
        failures.append(f"still speaking after {SAMPLE_SECONDS:g} s; it was stopped")
    voice.wait_idle(1.0)
    if failures or voice.failed:
        print(f"It failed: {failures[0] if failures else 'see above'}")
        return 1
    print("Done: if you heard it, the cues will be spoken.")
    return 0
