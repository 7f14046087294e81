"""Where each platform's posts live: proof-of-posting links must be on these hosts.

A host matches itself and its subdomains (`www.`, `m.`, `v.`); the short-link hosts are
the ones each app's share button produces (xhslink.com, b23.tv, youtu.be, ...).
"""

from __future__ import annotations

from marketplace.domain.taxonomy import PLATFORMS

PLATFORM_HOSTS: dict[str, tuple[str, ...]] = {
    "weitao": ("taobao.com", "tmall.com", "tb.cn"),
    "taobao_live": ("taobao.com", "tmall.com", "tb.cn"),
    "xiaohongshu": ("xiaohongshu.com", "xhslink.com"),
    "douyin": ("douyin.com", "iesdouyin.com"),
    "weibo": ("weibo.com", "weibo.cn"),
    "bilibili": ("bilibili.com", "b23.tv"),
    "wechat_channels": ("weixin.qq.com", "channels.weixin.qq.com"),
    "kuaishou": ("kuaishou.com", "gifshow.com"),
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}
assert set(PLATFORM_HOSTS) == set(PLATFORMS)


def hosts_for(platform: str | None) -> tuple[str, ...]:
    """The hosts of one platform, or of every platform when the contract names none."""
    if platform in PLATFORM_HOSTS:
        return PLATFORM_HOSTS[platform]
    return tuple(dict.fromkeys(host for hosts in PLATFORM_HOSTS.values() for host in hosts))
