"""Word lists for the demo generator, in English and Chinese."""

from __future__ import annotations

TOPICS: dict[str, dict[str, list[str]]] = {
    "beauty": {
        "en": [
            "skincare routines",
            "honest sunscreen reviews",
            "makeup tutorials",
            "oily skin care",
        ],
        "zh": ["护肤心得", "防晒测评", "彩妆教程", "油皮护理"],
        "tags": ["skincare", "sunscreen", "makeup", "护肤", "防晒", "口红"],
    },
    "fashion": {
        "en": ["street style", "capsule wardrobe", "budget outfits", "sneaker drops"],
        "zh": ["穿搭分享", "通勤穿搭", "平价好物", "球鞋开箱"],
        "tags": ["outfit", "ootd", "streetwear", "穿搭", "女装", "球鞋"],
    },
    "food": {
        "en": ["home cooking", "street food tours", "baking at home", "snack reviews"],
        "zh": ["家常菜", "探店美食", "烘焙教程", "零食测评"],
        "tags": ["recipe", "baking", "snacks", "美食", "探店", "烘焙"],
    },
    "electronics": {
        "en": ["phone reviews", "laptop buying guides", "smart home gadgets", "camera tests"],
        "zh": ["手机测评", "数码开箱", "智能家居", "相机评测"],
        "tags": ["phone", "gadgets", "unboxing", "数码", "手机", "测评"],
    },
    "mother_baby": {
        "en": ["new parent tips", "baby gear reviews", "toddler meals", "pregnancy diary"],
        "zh": ["育儿经验", "母婴好物", "宝宝辅食", "孕期日记"],
        "tags": ["parenting", "baby", "toddler", "育儿", "母婴", "辅食"],
    },
    "home": {
        "en": ["small apartment makeovers", "storage hacks", "cozy decor", "cleaning tips"],
        "zh": ["小户型改造", "收纳技巧", "家居好物", "清洁妙招"],
        "tags": ["decor", "interior", "storage", "家居", "收纳", "装修"],
    },
    "health": {
        "en": ["nutrition basics", "sleep and stress", "supplement facts", "healthy habits"],
        "zh": ["营养科普", "睡眠改善", "保健知识", "健康生活"],
        "tags": ["nutrition", "wellness", "sleep", "健康", "营养", "养生"],
    },
    "sports": {
        "en": ["home workouts", "running training", "yoga flows", "gym progress"],
        "zh": ["居家健身", "跑步训练", "瑜伽", "增肌减脂"],
        "tags": ["fitness", "running", "yoga", "健身", "跑步", "减脂"],
    },
    "travel": {
        "en": ["weekend getaways", "hotel reviews", "budget travel", "hidden gems"],
        "zh": ["周末游", "酒店测评", "穷游攻略", "小众景点"],
        "tags": ["travel", "hotel", "roadtrip", "旅行", "攻略", "酒店"],
    },
    "pets": {
        "en": ["cat care", "dog training", "pet food reviews", "rescue stories"],
        "zh": ["养猫日常", "训狗技巧", "宠物粮测评", "萌宠"],
        "tags": ["cats", "dogs", "petfood", "猫咪", "狗狗", "萌宠"],
    },
    "education": {
        "en": ["study tips", "language learning", "exam prep", "career advice"],
        "zh": ["学习方法", "英语学习", "考研经验", "职场干货"],
        "tags": ["study", "english", "exam", "学习", "考研", "职场"],
    },
    "gaming": {
        "en": ["mobile game guides", "console reviews", "esports commentary", "indie games"],
        "zh": ["手游攻略", "主机游戏", "电竞解说", "独立游戏"],
        "tags": ["gaming", "esports", "mobilegames", "游戏", "电竞", "攻略"],
    },
    "auto": {
        "en": ["EV test drives", "car buying advice", "road trip cars", "car care"],
        "zh": ["新能源试驾", "买车攻略", "汽车保养", "自驾"],
        "tags": ["cars", "ev", "testdrive", "汽车", "新能源", "试驾"],
    },
    "finance": {
        "en": ["personal budgeting", "investing basics", "credit card tips", "saving money"],
        "zh": ["理财入门", "基金定投", "信用卡", "省钱攻略"],
        "tags": ["money", "investing", "budget", "理财", "基金", "省钱"],
    },
    "lifestyle": {
        "en": ["daily vlogs", "productivity", "minimalism", "city life"],
        "zh": ["生活记录", "自律日常", "极简生活", "城市生活"],
        "tags": ["vlog", "dailylife", "minimalism", "生活", "日常", "vlog"],
    },
}

# Audience gender lean by category (share of female followers, mean).
FEMALE_SHARE: dict[str, float] = {
    "beauty": 0.85,
    "fashion": 0.75,
    "mother_baby": 0.88,
    "home": 0.65,
    "food": 0.6,
    "health": 0.6,
    "travel": 0.58,
    "pets": 0.66,
    "lifestyle": 0.62,
    "education": 0.55,
    "sports": 0.45,
    "electronics": 0.25,
    "gaming": 0.22,
    "auto": 0.18,
    "finance": 0.4,
}

SURNAMES = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]
GIVEN = ["Mei", "Xiao", "Lin", "Yu", "Hao", "Jing", "Tian", "Yan", "Ning", "Qing", "Lei", "Fang"]
ZH_NAMES = ["小鹿", "阿橙", "糖糖", "木木", "一只猫", "大白", "柚子", "桃桃", "阿飞", "小满"]

PLATFORM_WEIGHTS: dict[str, float] = {
    "xiaohongshu": 0.22,
    "douyin": 0.22,
    "weitao": 0.1,
    "taobao_live": 0.08,
    "weibo": 0.08,
    "bilibili": 0.08,
    "wechat_channels": 0.06,
    "kuaishou": 0.06,
    "instagram": 0.04,
    "tiktok": 0.04,
    "youtube": 0.02,
}

PLATFORM_TYPES: dict[str, list[str]] = {
    "xiaohongshu": ["image_text", "short_video"],
    "douyin": ["short_video", "live_stream"],
    "weitao": ["image_text", "affiliate"],
    "taobao_live": ["live_stream", "affiliate"],
    "weibo": ["image_text", "article"],
    "bilibili": ["short_video", "article"],
    "wechat_channels": ["short_video", "article"],
    "kuaishou": ["short_video", "live_stream"],
    "instagram": ["image_text", "short_video"],
    "tiktok": ["short_video", "live_stream"],
    "youtube": ["short_video", "article"],
}

BRANDS = [
    ("Lumi Skin", "brand", "beauty"),
    ("Northpeak Outdoor", "brand", "sports"),
    ("花间集旗舰店", "merchant", "beauty"),
    ("Pawsome Pets", "merchant", "pets"),
    ("Volt Mobile", "brand", "electronics"),
    ("小厨娘食品", "merchant", "food"),
    ("Nest & Nook", "brand", "home"),
    ("BabyBloom", "brand", "mother_baby"),
]

# Platform names as a KOL or brand writes them in its own titles (the UI's labels are
# marketplace/labels.py; tests/services/test_seed_texts.py keeps the two in step).
PLATFORM_NAMES: dict[str, tuple[str, str]] = {
    "weitao": ("Weitao", "微淘"),
    "taobao_live": ("Taobao Live", "淘宝直播"),
    "xiaohongshu": ("Xiaohongshu", "小红书"),
    "douyin": ("Douyin", "抖音"),
    "weibo": ("Weibo", "微博"),
    "bilibili": ("Bilibili", "哔哩哔哩"),
    "wechat_channels": ("WeChat Channels", "微信视频号"),
    "kuaishou": ("Kuaishou", "快手"),
    "instagram": ("Instagram", "Instagram"),
    "tiktok": ("TikTok", "TikTok"),
    "youtube": ("YouTube", "YouTube"),
}
