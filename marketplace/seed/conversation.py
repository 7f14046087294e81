"""What the parties of a demo contract say: thread messages and reviews, through the services.

Messages fit the moment of the contract (before the answer, while working, after the
post); reviews are left on ended contracts, by both sides on some (so they are revealed)
and by one side on others (so they wait, hidden, as the reveal rule says).
"""

from __future__ import annotations

from marketplace.seed.story_steps import Deal
from marketplace.services.contracts.messages import post_message
from marketplace.services.contracts.reviews import leave_review

# (brand's line, KOL's line) per stage; the first speaker depends on who acts next.
CHAT: dict[str, tuple[tuple[str, str], ...]] = {
    "offer": (
        (
            "样品本周三顺丰寄出，视频素材请保留三个月，方便我们二次投放。",
            "请问产品什么时候寄出？需要我先出脚本给你们确认吗？",
        ),
        (
            "Samples ship on Wednesday; could you keep the raw footage for three months?",
            "Thanks for the offer! Is the launch date fixed, or can I post a few days later?",
        ),
    ),
    "work": (
        (
            "Escrow is funded. Tracking number SF1408 2231 7750, it should arrive Friday.",
            "收到样品啦，周末拍摄，下周一前发布，有问题随时沟通～",
        ),
        (
            "托管款已付，拍摄重点放在质地和上脸效果，谢谢！",
            "Got it. I will send the caption draft tomorrow for a quick check.",
        ),
    ),
    "done": (
        (
            "合作很愉快，数据超出预期，下个季度还想继续合作！",
            "Thank you, happy to work together again!",
        ),
        (
            "Great results, thank you. We will be back for the autumn launch.",
            "谢谢支持，期待下次合作～",
        ),
    ),
}
STAGE = {
    "offered": "offer",
    "accepted": "work",
    "funded": "work",
    "submitted": "work",
    "revision_requested": "work",
    "disputed": "work",
    "completed": "done",
    "resolved": "done",
}
BRAND_REVIEWS = (
    (5, "内容质量很高，沟通顺畅，准时发布，强烈推荐！"),
    (5, "On time, on brief, and the audience loved it. Would hire again."),
    (3, "最终效果不错，但前期回复比较慢。"),
    (4, "Good post and honest tone; needed one round of edits on the caption."),
)
KOL_REVIEWS = (
    (5, "品牌方需求清晰，付款及时，样品寄送很快。"),
    (5, "Clear brief, fast payment, friendly team."),
    (4, "Nice brand to work with; feedback could come a little earlier."),
)


def chat(deal: Deal, number: int) -> None:
    """Two messages that fit the contract's status now (none once it is declined etc.)."""
    status = deal.contract.status
    stage = STAGE.get(status)
    if stage is None:
        return
    brand_line, kol_line = CHAT[stage][number % len(CHAT[stage])]
    kol_first = stage == "offer" and deal.contract.awaiting == "kol"
    speakers = [(deal.brand, brand_line), (deal.kol, kol_line)]
    for actor, body in reversed(speakers) if kol_first else speakers:
        post_message(actor, deal.id, body)


def review(deal: Deal, number: int) -> None:
    """Reviews of an ended contract: both sides on half of them, one side on the others."""
    if deal.contract.status not in ("completed", "resolved"):
        return
    rating, comment = BRAND_REVIEWS[number % len(BRAND_REVIEWS)]
    kol_rating, kol_comment = KOL_REVIEWS[number % len(KOL_REVIEWS)]
    if number % 4 != 1:
        leave_review(deal.brand, deal.id, rating, comment)
    if number % 4 != 2:
        leave_review(deal.kol, deal.id, kol_rating, kol_comment)
