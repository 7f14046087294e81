"""Screenshots a KOL attaches to a proof of posting: stored safely, shown only to the parties.

Each file goes through `services/images.py` (real PNG, JPEG or WebP only, decoded and
re-encoded without metadata) and is stored under a random name in UPLOAD_FOLDER/proofs.
Files written by a unit of work that rolls back are removed again.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l

from marketplace.domain.errors import NotFound
from marketplace.models import User
from marketplace.services import images
from marketplace.services.contracts.queries import get_contract
from marketplace.services.unit_of_work import after_rollback, use_case

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
# Big enough to read a phone screenshot's numbers; anything larger is shrunk.
MAX_SIDE = 2560
FIELD = "screenshots"


def proof_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "proofs"


@use_case
def store_screenshots(files: Sequence[IO[bytes]]) -> list[str]:
    """Check, re-encode and store up to MAX_FILES images; returns their stored names.

    The files are removed if the unit of work (the caller's, when there is one) rolls
    back. Nothing is stored when any one file is refused.
    """
    if len(files) > MAX_FILES:
        raise images.reject(FIELD, _l("Attach at most %(n)d screenshots.", n=MAX_FILES))
    too_big = _l("Each screenshot must be at most 5 MB.")
    cleaned = [
        images.clean_image(images.read_upload(stream, FIELD, MAX_BYTES, too_big), FIELD, MAX_SIDE)
        for stream in files
    ]
    names = []
    for image, extension in cleaned:
        path = images.save_new(image, extension, proof_folder())
        after_rollback(functools.partial(path.unlink, missing_ok=True))
        names.append(path.name)
    return names


def screenshot_file(actor: User, contract_id: int, name: str) -> tuple[str, str]:
    """(folder, file name) of a screenshot of this contract, for its parties and admins."""
    contract = get_contract(actor, contract_id)
    if not any(name in (submission.screenshots or []) for submission in contract.submissions):
        raise NotFound(str(_l("No such screenshot.")))
    return str(proof_folder()), name
