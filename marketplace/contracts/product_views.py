"""The brand adds a tracked product to a running commission contract from its page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.page import act, me
from marketplace.contracts.product_fields import AddProductForm
from marketplace.services.contracts import queries
from marketplace.services.tracking import products
from marketplace.web import role_required


@bp.post("/contracts/<int:contract_id>/products")
@role_required("brand", "kol")
def add_product(contract_id: int):
    form = AddProductForm(queries.get_contract(me(), contract_id).currency)
    return act(
        contract_id,
        "add_product",
        form,
        lambda: products.add_product(me(), contract_id, **form.values()),
        _l("Product added. Its tracked link is ready to share."),
    )
