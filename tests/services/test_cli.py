from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from marketplace.extensions import db
from marketplace.models import Brief, KolProfile, Listing, User


def test_create_admin_and_reset_password(app, ctx):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "Root@Example.com", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "root@example.com"))
    assert admin.role == "admin" and check_password_hash(admin.password_hash, "s3cret-pass")
    again = runner.invoke(
        args=["users", "create-admin", "root@example.com", "--password", "new-pass-99"]
    )
    assert again.exit_code == 0
    db.session.expire_all()
    assert check_password_hash(db.session.get(User, admin.id).password_hash, "new-pass-99")
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "admin")) == 1


def test_create_admin_rejects_bad_input(app, ctx, brand):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create-admin", "a@example.com", "--password", "short"])
    assert short.exit_code == 2 and "password" in short.output
    taken = runner.invoke(args=["users", "create-admin", brand.email, "--password", "long-enough"])
    assert taken.exit_code == 2
    db.session.expire_all()
    assert db.session.get(User, brand.id).role == "brand"


def test_seed_demo_is_idempotent_and_fills_the_catalogue(app, ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo", "--kols", "40"])
    assert first.exit_code == 0, first.output
    assert "Created 40 KOLs" in first.output and "brand@demo.example" in first.output
    counts = {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, KolProfile, Listing, Brief)
    }
    assert counts["KolProfile"] == 40 and counts["Listing"] > 40 and counts["Brief"] > 0
    second = runner.invoke(args=["seed", "demo", "--kols", "40"])
    assert "Created 0 KOLs and 0 briefs" in second.output
    assert db.session.scalar(select(func.count(User.id))) == counts["User"]
    skipped = runner.invoke(args=["seed", "demo", "--kols", "50", "--if-empty"])
    assert "left as it is" in skipped.output
    assert db.session.scalar(select(func.count(KolProfile.user_id))) == 40


def test_cli_messages_work_outside_a_request(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "a@example.com", "--password", "short"]
    )
    assert result.exit_code == 2
    assert "Must be at least 8 characters." in result.output


def test_matching_rebuild_saves_a_snapshot_that_workers_load(app, ctx, tmp_path):
    import shutil
    from pathlib import Path

    from marketplace.services.matchmaking import index_holder
    from marketplace.services.matchmaking.snapshot_files import current_snapshot
    from tests.factories.catalogue import make_kol_with_listing

    make_kol_with_listing(name="Indexed One")
    path = Path(app.config["MATCH_INDEX_PATH"])
    result = app.test_cli_runner().invoke(args=["matching", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 KOLs" in result.output and str(current_snapshot(path)) in result.output
    try:
        late, _ = make_kol_with_listing(name="Added After Snapshot")
        with index_holder.current_index() as index:  # loads the snapshot, then catches up
            assert len(index) == 2 and str(late.id) in index
    finally:
        shutil.rmtree(path)  # later tests build their index from their own data
