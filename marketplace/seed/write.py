"""Bulk writer for demo data; idempotent (existing demo rows are left as they are)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from marketplace.extensions import db
from marketplace.models import (
    Application,
    BrandProfile,
    Brief,
    KolCategory,
    KolProfile,
    Listing,
    PlatformAccount,
    Shortlist,
    ShortlistEntry,
    User,
)
from marketplace.seed.generate import DemoKol, generate_kols
from marketplace.seed.vocab import BRANDS, TOPICS
from marketplace.services.catalogue.audience import majority_keys
from marketplace.services.discovery.search_index import write_documents

DEMO_PASSWORD = "demo-pass-123"
DEMO_BRAND_EMAIL = "brand@demo.example"
BATCH = 1000


def kol_email(index: int) -> str:
    return f"kol{index}@demo.example"


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def _insert_kols(batch: list[DemoKol], password_hash: str) -> None:
    rows = [
        {"email": kol_email(k.index), "password_hash": password_hash, "role": "kol", "name": k.name}
        for k in batch
    ]
    ids = {
        email: uid
        for uid, email in db.session.execute(insert(User).returning(User.id, User.email), rows)
    }
    profiles, categories, platforms, listings = [], [], [], []
    for k in batch:
        uid = ids[kol_email(k.index)]
        gender, age, region = majority_keys(k.audience)
        profiles.append(
            {
                "user_id": uid,
                "display_name": k.display_name,
                "bio": k.bio,
                "tags": k.tags,
                "verification": k.verification,
                "audience": k.audience,
                "audience_gender_major": gender,
                "audience_age_major": age,
                "audience_region_major": region,
                "rating_avg": k.rating_avg,
                "rating_count": k.rating_count,
                "completed_count": k.completed_count,
                "on_time_rate": k.on_time_rate,
            }
        )
        categories += [
            {"kol_id": uid, "category": c, "position": pos} for pos, c in enumerate(k.categories)
        ]
        platforms += [{"kol_id": uid, **p} for p in k.platforms]
        listings += [{"kol_id": uid, **item} for item in k.listings]
    for model, payload in (
        (KolProfile, profiles),
        (KolCategory, categories),
        (PlatformAccount, platforms),
        (Listing, listings),
    ):
        if payload:
            db.session.execute(insert(model), payload)
    write_documents(
        db.session,
        [(ids[kol_email(k.index)], k.display_name, k.bio, k.tags) for k in batch],
        replace=False,
    )


def seed_kols(count: int, progress: Callable[[Iterable[int]], Iterable[int]] | None = None) -> int:
    """Make demo KOLs 0..count-1 that do not exist yet; returns how many were created."""
    existing = set(
        db.session.scalars(
            select(User.email).where(User.role == "kol", User.email.like("kol%@demo.example"))
        )
    )
    missing = [i for i in range(count) if kol_email(i) not in existing]
    password_hash = generate_password_hash(DEMO_PASSWORD)
    starts = range(0, len(missing), BATCH)
    for start in progress(starts) if progress else starts:
        chunk = missing[start : start + BATCH]
        demo = [k for i in chunk for k in generate_kols(1, start=i)]
        _insert_kols(demo, password_hash)
        db.session.commit()
    return len(missing)


def _brand(email: str, name: str, kind: str, category: str, password_hash: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user
    user = User(email=email, password_hash=password_hash, role="brand", name=name)
    db.session.add(user)
    db.session.flush()
    store = "https://shop.taobao.com/demo-" + str(user.id) if kind == "merchant" else None
    db.session.add(
        BrandProfile(
            user_id=user.id,
            company_name=name,
            kind=kind,
            store_url=store,
            categories=[category],
            description=f"{name}: {TOPICS[category]['en'][0]}.",
        )
    )
    return user


def _brief_title(brand_name: str, english: str, chinese: str) -> str:
    """A Chinese-named brand writes in Chinese; the others write both, as cross-border
    brands do on Chinese platforms, so a demo title reads in either interface language."""
    if any("\u4e00" <= ch <= "\u9fff" for ch in brand_name):
        return f"{brand_name}：{chinese}"
    return f"{brand_name}: {english} · {chinese}"


def _briefs_for(brand: User, category: str, today: date) -> list[Brief]:
    if db.session.scalar(select(func.count(Brief.id)).where(Brief.brand_id == brand.id)):
        return []
    topics = TOPICS[category]
    female = 0.8 if category in ("beauty", "fashion", "mother_baby") else 0.5
    briefs = [
        Brief(
            brand_id=brand.id,
            title=_brief_title(brand.name, f"{topics['en'][0]} campaign", f"{topics['zh'][0]}推广"),
            description=f"Looking for creators known for {topics['en'][0]} and {topics['en'][1]}. "
            f"{topics['zh'][0]}，{topics['zh'][1]}。",
            category=category,
            platforms=["xiaohongshu", "douyin"],
            collab_types=["image_text", "short_video"],
            budget=800_000,
            currency="cny",
            kols_wanted=5,
            min_followers=5_000,
            max_followers=2_000_000,
            target_audience={
                "gender": {"female": female, "male": round(1 - female, 2)},
                "age": {"18-24": 0.5, "25-34": 0.5},
                "region": {"tier1": 0.6, "tier2": 0.4},
            },
            deadline=today + timedelta(days=30),
            status="open",
        ),
        Brief(
            brand_id=brand.id,
            title=_brief_title(brand.name, "live-stream launch (draft)", "直播带货首发（草稿）"),
            description=f"{topics['zh'][2]}直播带货，{topics['en'][2]}.",
            category=category,
            platforms=["taobao_live", "douyin"],
            collab_types=["live_stream"],
            budget=2_000_000,
            currency="cny",
            kols_wanted=2,
            target_audience={},
            deadline=today + timedelta(days=45),
            status="draft",
        ),
    ]
    db.session.add_all(briefs)
    return briefs


def seed_brands(today: date | None = None) -> int:
    """Demo brands and merchants with briefs, applications and a shortlist."""
    today = today or date.today()
    password_hash = generate_password_hash(DEMO_PASSWORD)
    created = 0
    demo = _brand(DEMO_BRAND_EMAIL, "Lumi Skin", "brand", "beauty", password_hash)
    brands = [(demo, "beauty")]
    for i, (name, kind, category) in enumerate(BRANDS[1:], start=1):
        brands.append(
            (_brand(f"brand{i}@demo.example", name, kind, category, password_hash), category)
        )
    db.session.flush()
    for brand, category in brands:
        briefs = _briefs_for(brand, category, today)
        created += len(briefs)
        db.session.flush()
        if briefs:
            _apply_some(briefs[0], category)
    if not db.session.scalar(select(Shortlist.id).where(Shortlist.brand_id == demo.id)):
        kol_ids = db.session.scalars(
            select(KolCategory.kol_id).where(KolCategory.category == "beauty").limit(5)
        ).all()
        shortlist = Shortlist(brand_id=demo.id, name="Spring launch")
        shortlist.entries = [ShortlistEntry(kol_id=k) for k in kol_ids]
        db.session.add(shortlist)
    db.session.commit()
    return created


def _apply_some(brief: Brief, category: str) -> None:
    rows = db.session.execute(
        select(Listing.kol_id, Listing.id, Listing.rate)
        .join(KolCategory, KolCategory.kol_id == Listing.kol_id)
        .where(
            KolCategory.category == category,
            Listing.currency == "cny",
            Listing.platform.in_(brief.platforms),
            Listing.collab_type.in_(brief.collab_types),
            Listing.rate <= brief.budget,
            Listing.status == "active",
        )
        .order_by(Listing.id)
        .limit(20)
    ).all()
    seen: set[int] = set()
    for kol_id, listing_id, rate in rows:
        if kol_id in seen or len(seen) >= 3:
            continue
        seen.add(kol_id)
        db.session.add(
            Application(
                brief_id=brief.id,
                kol_id=kol_id,
                listing_id=listing_id,
                price=rate,
                currency="cny",
                pitch="I know this audience well and can deliver on time.",
            )
        )
