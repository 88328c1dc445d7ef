"""guidelab: check, submit, follow, list, show, export, cancel and rerun experiments, and see the
queue, from a shell."""

import argparse
import json
import sys
import urllib.error
from typing import List, Optional

from .client import Client, Experiment, GuidelabError


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    client = Client(url=args.url)
    try:
        return args.run(client, args)
    except GuidelabError as e:
        print(f"guidelab: {e}", file=sys.stderr)
        return 2
    except urllib.error.URLError as e:
        print(f"guidelab: cannot reach {client.url}: {e.reason}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"guidelab: {e.strerror or e}: {e.filename or ''}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _submit(client: Client, args) -> int:
    experiment = client.submit(args.spec)
    print(experiment.id)
    return _follow(experiment) if args.follow else 0


def _rerun(client: Client, args) -> int:
    experiment = client.experiment(args.id).rerun()
    print(experiment.id)
    return _follow(experiment) if args.follow else 0


def _follow(experiment: Experiment) -> int:
    final = experiment.wait(progress=True)
    print(final["state"])
    return 0 if final["state"] == "COMPLETED" else 1


def _ls(client: Client, args) -> int:
    filters = {k: v for k, v in (("state", args.state), ("q", args.q), ("owner", args.owner)) if v}
    for item in client.history(limit=args.limit, **filters):
        print(
            f"{item['id']}  {item['state']:<9}  {item['pointsCompleted']:>3}/{item['points']:<3} "
            f"{item['createdAt'][:19]}  {item['owner']:<12}  {item['name']}"
        )
    return 0


def _show(client: Client, args) -> int:
    json.dump(client.experiment(args.id).view, sys.stdout, indent=2)
    print()
    return 0


def _export(client: Client, args) -> int:
    experiment = client.experiment(args.id)
    if args.json:
        text = json.dumps(
            client.request("GET", f"/api/experiments/{experiment.id}/export.json"), indent=2
        )
    else:
        text = experiment.export_csv()
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _check(client: Client, args) -> int:
    check = client.validate(args.spec)
    cost = check["cost"]
    print(f"{len(check['points'])} points, spec hash {check['specHash'][:12]}")
    print(f"{cost['samples']:,} samples, at most {cost['evaluations']:,} network evaluations")
    if cost["seconds"] is None:
        print("no estimate of its time: no worker has measured a throughput in the last hour")
    else:
        print(f"about {cost['seconds']:.0f} s on {cost['workers']} worker(s) after the work ahead")
    if cost["warning"]:
        print(f"warning: {cost['warning']}")
    return 0


def _queue(client: Client, args) -> int:
    queue = client.queue()
    for worker in queue["workers"]:
        running = worker["running"]
        doing = (
            f"{running['experimentName']}: {running['label']} "
            f"{running['samplesDone']}/{running['samples']}"
            if running
            else "idle"
        )
        rate = worker["evaluationsPerSecond"]
        speed = "" if rate is None else f"  {rate:,.0f} evaluations/s"
        print(f"worker {worker['name']}  {doing}{speed}")
    for i, queued in enumerate(queue["queued"], 1):
        print(
            f"{i:>3}. {queued['experimentId']}  {queued['points']:>3} points  "
            f"{queued['owner']:<12}  {queued['name']}"
        )
    if queue["more"]:
        print(f"and {queue['more']} more experiments waiting")
    return 0


def _cancel(client: Client, args) -> int:
    print(client.experiment(args.id).cancel()["state"])
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guidelab", description=__doc__)
    parser.add_argument("--url", help="Guidelab's address (default: GUIDELAB_URL, else localhost:8080)")
    commands = parser.add_subparsers(required=True, metavar="command")

    submit = commands.add_parser("submit", help="submit a spec file; prints the experiment's id")
    submit.add_argument("spec", help="a JSON spec file (docs/spec.md)")
    submit.add_argument("--follow", action="store_true", help="show progress until it ends")
    submit.set_defaults(run=_submit)

    ls = commands.add_parser("ls", help="the history, newest first")
    ls.add_argument("--state", help="QUEUED, RUNNING, COMPLETED, FAILED or CANCELLED")
    ls.add_argument("--q", help="part of the name")
    ls.add_argument("--owner")
    ls.add_argument("--limit", type=int, default=20)
    ls.set_defaults(run=_ls)

    show = commands.add_parser("show", help="one experiment as JSON")
    show.add_argument("id")
    show.set_defaults(run=_show)

    export = commands.add_parser("export", help="every metric value of every point (CSV or JSON)")
    export.add_argument("id")
    form = export.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV (the default)")
    form.add_argument("--json", action="store_true", help="JSON")
    export.add_argument("-o", "--output", help="write to this file instead of standard output")
    export.set_defaults(run=_export)

    cancel = commands.add_parser("cancel", help="cancel an experiment's queued and running points")
    cancel.add_argument("id")
    cancel.set_defaults(run=_cancel)

    check = commands.add_parser("check", help="check a spec file: its points and what it costs")
    check.add_argument("spec")
    check.set_defaults(run=_check)

    queue = commands.add_parser("queue", help="what each worker runs, and what waits")
    queue.set_defaults(run=_queue)

    rerun = commands.add_parser("rerun", help="run a sweep again; prints the new experiment's id")
    rerun.add_argument("id")
    rerun.add_argument("--follow", action="store_true", help="show progress until it ends")
    rerun.set_defaults(run=_rerun)
    return parser


if __name__ == "__main__":
    sys.exit(main())
