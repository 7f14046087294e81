"""API endpoint: the brand adds a tracked product to a funded commission contract."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.contracts import visible_contract
from marketplace.api.product_serializers import product_json
from marketplace.api.schemas.tracking import ProductIn, ProductOut
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.tracking import products


@bp.post("/contracts/<int:contract_id>/products")
@auth_required()
@doc(
    "Add a product to a commission contract (the brand, once funded, while it runs); "
    "the answer carries the product's tracked link",
    body=ProductIn,
    responses={201: ProductOut},
    errors=(403, 409),
)
def add_contract_product(contract_id: int):
    data = json_body()
    visible_contract(contract_id)
    product = products.add_product(
        current_api_user(),
        contract_id,
        name=data.get("name"),
        url=data.get("url"),
        price=data.get("price"),
    )
    return product_json(product), 201
