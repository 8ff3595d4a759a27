"""``backtimer cues [--test]``: which voice speaks the cues, and a sample of it."""

from __future__ import annotations

import argparse
import shutil

from backtimer.commands import Subparsers

SAMPLE = "Bent-over row, set 1 of 3, 8 reps at 40 kilos"
#: How long the sample may take to be said before it counts as hanging.
SAMPLE_SECONDS = 20.0


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "cues",
        help="show which voice speaks the cues (--test: speak a sample)",
        description="List the speech programs found on PATH (say, spd-say, espeak-ng, "
        'espeak), say which one speaks the cues (cue_command in config.toml: "auto" by '
        'default, "off", or your own command), and with --test speak a sample through it.',
    )
    p.add_argument("--test", action="store_true", help="speak a sample through the voice")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.config import load_config
    from backtimer.engine.speech import AUTO, ENGINES, OFF, CueCommand, engines_found, voice_command

    config = load_config()
    found = engines_found()
    if found:
        print("Speech programs found: " + ", ".join(f"{n} ({shutil.which(n)})" for n, _ in found))
    else:
        print("No speech program found (looked for " + ", ".join(n for n, _ in ENGINES) + ").")
    setting = config.cue_command or AUTO
    said = "the default" if config.cue_command is None else f"in {config.path}"
    print(f'cue_command = "{setting}" ({said})')
    command = voice_command(config.cue_command)
    if command is None:
        if setting == OFF:
            print("The voice is off; the bell still rings.")
            return 0
        print(
            "No voice: install a speech program (Debian, Ubuntu: sudo apt install espeak-ng; "
            'macOS has say), or set cue_command in config.toml, e.g. "espeak-ng {text}".'
        )
        return 1
    print(f"The cues are spoken with: {command}")
    if not args.test:
        return 0
    failures: list[str] = []
    voice = CueCommand(command, failures.append)
    print(f'Saying: "{SAMPLE}"')
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
