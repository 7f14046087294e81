"""The brand profile: kind, Taobao/Tmall store link, categories."""

import pytest

from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import BrandProfile
from marketplace.services.catalogue.brand_profiles import get_brand_profile, update_brand_profile


def test_merchant_with_a_tmall_store(brand):
    profile = update_brand_profile(
        brand,
        " Lumi Skin ",
        "merchant",
        "https://lumi.tmall.com/shop",
        ["beauty", "health"],
        "Clean skincare.",
    )
    assert (profile.company_name, profile.kind) == ("Lumi Skin", "merchant")
    assert profile.store_url == "https://lumi.tmall.com/shop"
    assert profile.categories == ["beauty", "health"]
    assert get_brand_profile(brand).description == "Clean skincare."


@pytest.mark.parametrize(
    "url",
    ["https://shop123.taobao.com", "http://taobao.com/x", "https://detail.tmall.com/item?id=1"],
)
def test_taobao_and_tmall_hosts_are_accepted(brand, url):
    assert update_brand_profile(brand, "Co", "merchant", url).store_url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://jd.com/shop",
        "https://taobao.com.evil.example/x",
        "https://nottaobao.com",
        "ftp://shop.taobao.com",
        "shop.taobao.com",
        "https://shop.taobao.com/" + "x" * 300,
    ],
)
def test_other_store_urls_are_rejected(brand, url):
    with pytest.raises(ValidationFailed) as info:
        update_brand_profile(brand, "Co", "brand", url)
    assert "store_url" in info.value.fields
    db.session.expire_all()
    assert db.session.get(BrandProfile, brand.id).company_name == brand.name


def test_store_is_optional_for_brands_and_required_for_merchants(brand):
    assert update_brand_profile(brand, "Co", "brand", "").store_url is None
    with pytest.raises(ValidationFailed) as info:
        update_brand_profile(brand, "Co", "merchant", None)
    assert "store_url" in info.value.fields


@pytest.mark.parametrize(
    "args,field",
    [
        (("", "brand"), "company_name"),
        (("x" * 121, "brand"), "company_name"),
        (("Co", "agency"), "kind"),
        (("Co", "brand", None, ["cars"]), "categories"),
        (("Co", "brand", None, "beauty"), "categories"),
        (("Co", "brand", None, [], "x" * 2001), "description"),
    ],
)
def test_field_validation(brand, args, field):
    with pytest.raises(ValidationFailed) as info:
        update_brand_profile(brand, *args)
    assert field in info.value.fields


def test_only_brands_have_a_brand_profile(kol):
    with pytest.raises(NotAllowed):
        update_brand_profile(kol, "Co", "brand")
