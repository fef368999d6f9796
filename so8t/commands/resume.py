"""`so8t resume RUN`: continue an interrupted run, skipping stages finished with the same inputs."""

from __future__ import annotations

import argparse
from typing import Any

from so8t.cli import CommandOutput
from so8t.commands._flags import add_max_line_flag, apply_max_line_flag
from so8t.errors import ConfigError
from so8t.events import EventSink

NAME = "resume"
HELP = "continue a run (folder or id): finished stages are skipped, an interrupted one continues from its checkpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_max_line_flag(parser)
    parser.add_argument("run", metavar="RUN", nargs="?", help="run folder, or a run id in the workspace")
    parser.add_argument("--interrupted", action="store_true",
                        help="resume every interrupted run of the workspace, oldest first (what start at logon runs)")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id")
    parser.add_argument("--checkpoint", metavar="NAME",
                        help="continue training from this checkpoint (e.g. ckpt-120) instead of the newest valid one")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    if args.events:  # started by the window: it may ask for a stop on stdin
        from so8t.stop_channel import listen_for_stop

        listen_for_stop()
    from so8t.pipeline.runner import resume_run, text_stream

    if bool(args.run) == bool(args.interrupted):
        raise ConfigError("resume needs either a RUN or --interrupted", "pass a run folder/id, or --interrupted")
    if args.checkpoint and not args.run:
        raise ConfigError("--checkpoint needs a RUN", "pass the run folder or id with --checkpoint")
    if args.run:
        outcome = resume_run(args.run, workspace=args.workspace, stream=text_stream(events),
                             checkpoint=args.checkpoint)
        return CommandOutput(result=outcome.to_dict(), exit_code=outcome.exit_code, text=outcome.text())

    from so8t.align.run import run_user_rewards
    from so8t.store.runs import interrupted_runs, resolve_workspace

    workspace = resolve_workspace(args.workspace)
    outcomes = []
    skipped: list[dict[str, Any]] = []
    for summary in interrupted_runs(workspace):
        user_rewards = run_user_rewards(summary.path)
        if user_rewards:
            # Code from a file is loaded only when a person names it; a start at logon names none.
            line = (f"{summary.path}: skipped, its align stage scores with reward functions from files "
                    f"({', '.join(user_rewards)}), which only a command may load: resume it with "
                    f"`so8t align --resume {summary.path} " + " ".join(f"--reward {r}" for r in user_rewards) + "`")
            events.log(line, level="warning")
            skipped.append({"run": str(summary.path), "reason": "user reward functions", "rewards": user_rewards,
                            "text": line})
            continue
        outcome = resume_run(summary.path, stream=text_stream(events))
        outcomes.append(outcome)
        if outcome.exit_code:  # stopped again (shutdown, stop): leave the rest for the next start
            break
    exit_code = max((o.exit_code for o in outcomes), default=0)
    text = "\n".join([*(s["text"] for s in skipped), *(o.text() for o in outcomes)]) or \
        f"no interrupted runs in {workspace}"
    return CommandOutput(result={"workspace": str(workspace), "runs": [o.to_dict() for o in outcomes],
                                 "skipped": skipped}, exit_code=exit_code, text=text)
