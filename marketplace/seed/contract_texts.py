"""What people write in demo contracts: deliverables, notes, reasons, and proof links.

Brands and KOLs on a Chinese-and-international marketplace write in both languages, so
most texts pair a Chinese line with an English one. Proof links sit on the hosts that
`domain/platform_hosts.py` accepts for the contract's platform, shaped like real post
links, and are derived from the contract id so a reseed gives the same links.
"""

from __future__ import annotations

import random
import string

DELIVERABLES: dict[str, str] = {
    "image_text": (
        "1 篇图文笔记（6–9 张实拍图 + 300 字以上正文），标注 #广告，发布后保留至少 30 天。\n"
        "One image-text post (6–9 original photos, 300+ characters), tagged #ad, "
        "kept up for at least 30 days."
    ),
    "short_video": (
        "1 条 30–60 秒竖屏短视频，口播介绍产品卖点，挂品牌话题，发布前提供脚本确认。\n"
        "One 30–60 s vertical video with a spoken review of the key features and the brand "
        "hashtag; script approved before filming."
    ),
    "live_stream": (
        "直播专场 1 场（不少于 60 分钟），讲解 3 款主推产品，置顶购物车链接。\n"
        "One live-stream session (60+ minutes) presenting three hero products with the "
        "shop link pinned."
    ),
    "article": (
        "1 篇深度测评文章（1500 字以上），含使用前后对比与购买链接。\n"
        "One long-form review (1,500+ words) with before/after comparison and a purchase link."
    ),
}
DEFAULT_DELIVERABLES = DELIVERABLES["image_text"]

OFFER_MESSAGES = (
    "你好！很喜欢你的内容风格，想邀请你参与我们的新品推广，期待合作～",
    "Hi! We love your recent posts and think your audience is a great fit for our launch.",
    "新品下月上市，希望能赶在上市周发布，档期可以吗？",
)
COUNTER_KOL = (
    "谢谢邀请！这个报价略低于我的常规价格，含一次修改的话我希望按这个价格来。",
    "Thanks! For a video with a script review my usual rate is a bit higher; here is my offer.",
)
COUNTER_BRAND = (
    "我们预算有限，折中一下这个价格可以吗？交付时间可以放宽几天。",
    "We can meet you halfway on price and give you a few more days.",
)
DECLINE_REASONS = (
    "抱歉，这个月档期已满，下次有机会再合作！",
    "Sorry, this product category is not a fit for my audience.",
)
CANCEL_REASONS = (
    "活动延期，预算需要重新审批，先取消这次合作。",
    "Campaign postponed by the client; we would like to cancel and refund.",
    "产品到货延迟，双方协商取消。",
)
SUBMISSION_NOTES = (
    "已于今晚 8 点发布，首小时点赞 1.2k，评论区反馈很好，数据截图稍后补充。",
    "Posted at 7pm as agreed. Reach so far 18k, saves 640; happy to pin a comment with the link.",
    "按修改意见调整了开头 3 秒和字幕，已重新发布，原链接已删除。",
    "Updated as requested: brand handle in the caption and the discount code on screen.",
)
REVISION_MESSAGES = (
    "画面很好！麻烦在文案里 @ 我们的官方账号，并把折扣码放在前三行。",
    "Great shots! Please mention the SPF value in the first 5 seconds and add subtitles.",
)
DISPUTE_REASONS: dict[str, str] = {
    "not_delivered": "截止日期已过，对方一直没有发布内容，也不回复消息。 "
    "The due date passed with no post and no reply to our messages.",
    "not_as_agreed": "The video is 15 seconds and never shows the product label, "
    "while the agreed deliverable was a 30–60 s review. 视频时长和内容与约定不符。",
    "other": "品牌方要求追加一条视频，这超出了合同约定的范围。 "
    "The brand asks for a second video that was not part of the agreed deliverables.",
}
DISPUTE_RESPONSES: dict[str, str] = {
    "kol": "The post went live on time; the label is shown at 0:42, see the screenshot. "
    "内容已按时发布，产品标签在视频第42秒出现。",
    "brand": "The second video was in the brief we sent before signing; see the PDF. "
    "第二条视频在签约前的需求文档中已写明。",
}
EVIDENCE_NOTES: dict[str, str] = {
    "brand": "Screenshot of the post as it is now 当前帖子截图",
    "kol": "Analytics of the post 帖子数据截图",
}
RESOLUTION_NOTE = (
    "Post was published but without the agreed product close-up; 70% released to the KOL, "
    "30% refunded to the brand. 内容部分符合约定，按比例结算。"
)

_ALNUM = string.ascii_letters + string.digits


def _pick(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def proof_url(platform: str | None, contract_id: int) -> str:
    """A realistic link to the post on the contract's platform (any platform when none)."""
    rng = random.Random(contract_id)
    digits = _pick(rng, string.digits, 19)
    hexes = _pick(rng, "0123456789abcdef", 32)
    links = {
        "xiaohongshu": f"https://www.xiaohongshu.com/explore/{hexes[:24]}",
        "douyin": f"https://www.douyin.com/video/{digits}",
        "weibo": f"https://weibo.com/{digits[:10]}/{_pick(rng, _ALNUM, 9)}",
        "bilibili": f"https://www.bilibili.com/video/BV1{_pick(rng, _ALNUM, 9)}",
        "wechat_channels": f"https://channels.weixin.qq.com/web/pages/feed?eid={hexes}",
        "kuaishou": f"https://www.kuaishou.com/short-video/3x{hexes[:13]}",
        "instagram": f"https://www.instagram.com/p/{_pick(rng, _ALNUM, 11)}/",
        "tiktok": f"https://www.tiktok.com/@creator{contract_id}/video/{digits}",
        "youtube": f"https://www.youtube.com/watch?v={_pick(rng, _ALNUM, 11)}",
        "weitao": f"https://m.tb.cn/h.{_pick(rng, _ALNUM, 7)}",
        "taobao_live": f"https://tbzb.taobao.com/live?liveId={digits[:12]}",
    }
    return links.get(platform or "xiaohongshu", links["xiaohongshu"])


def deliverables_for(collab_type: str | None, brand_name: str) -> str:
    body = DELIVERABLES.get(collab_type or "", DEFAULT_DELIVERABLES)
    return f"{brand_name}\n{body}"
