"""`so8t autostart on|off|status`: resume interrupted runs at logon (Windows; off by default)."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.errors import ConfigError
from so8t.events import EventSink

NAME = "autostart"
HELP = "resume interrupted runs when you log on (Windows per-user Run key): on, off or status"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("on", "off", "status"), help="turn it on, off, or show the current setting")
    p.add_argument("--workspace", help="workspace whose interrupted runs are resumed (default: the usual one)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.autostart import autostart, logon_command

    switch = autostart()
    if args.action != "status" and not switch.supported:
        raise ConfigError("start at logon is only available on Windows",
                          "on this system, start `so8t resume --interrupted` from your session's autostart")
    if args.action == "on":
        switch.enable(logon_command(args.workspace))
    elif args.action == "off":
        switch.disable()
    enabled = switch.is_enabled()
    result = {"supported": switch.supported, "enabled": enabled, "command": switch.command()}
    text = ("start at logon: " + ("on — " + str(result["command"]) if enabled else "off")
            if switch.supported else "start at logon: not available on this system (Windows only)")
    return CommandOutput(result=result, text=text)
