"""Topic words for the synthetic generators (evaluation dataset and benchmark).

Each category has sub-topics with English and Chinese words; generic filler words carry
no topic.  Only generators import this module: the matcher knows no topic words.
"""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "beauty", "fashion", "food", "electronics", "mother_baby", "home", "health", "sports",
    "travel", "pets", "education", "gaming", "auto", "finance", "lifestyle",
)  # fmt: skip

# category -> subtopic -> (english words, chinese words)
TOPICS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "beauty": {
        "skincare": (
            ("skincare", "serum", "moisturizer", "acne", "sunscreen", "oily skin"),
            ("护肤", "精华", "保湿", "祛痘", "防晒", "油皮"),
        ),
        "makeup": (
            ("makeup", "lipstick", "foundation", "eyeshadow", "contour", "blush"),
            ("彩妆", "口红", "粉底", "眼影", "修容", "腮红"),
        ),
        "haircare": (
            ("haircare", "shampoo", "hair mask", "curls", "scalp", "hair dye"),
            ("护发", "洗发水", "发膜", "卷发", "头皮", "染发"),
        ),
    },
    "fashion": {
        "streetwear": (
            ("streetwear", "sneakers", "hoodie", "outfit", "drops"),
            ("潮牌", "球鞋", "卫衣", "穿搭", "街头"),
        ),
        "luxury": (
            ("luxury", "handbag", "designer", "runway", "couture"),
            ("奢侈品", "名牌包", "设计师", "秀场", "高定"),
        ),
        "modest": (
            ("office wear", "minimalist", "capsule wardrobe", "tailoring", "linen"),
            ("通勤", "极简", "胶囊衣橱", "西装", "亚麻"),
        ),
    },
    "food": {
        "restaurants": (
            ("restaurant", "tasting", "hotpot", "street food", "brunch"),
            ("探店", "火锅", "小吃", "早午餐", "餐厅"),
        ),
        "baking": (
            ("baking", "cake", "bread", "pastry", "dessert"),
            ("烘焙", "蛋糕", "面包", "甜点", "烤箱"),
        ),
        "cooking": (
            ("recipe", "home cooking", "noodles", "dumplings", "wok"),
            ("家常菜", "食谱", "面条", "饺子", "下厨"),
        ),
    },
    "electronics": {
        "phones": (
            ("smartphone", "camera phone", "battery", "unboxing", "android"),
            ("手机", "拍照", "续航", "开箱", "安卓"),
        ),
        "audio": (
            ("headphones", "earbuds", "speaker", "noise cancelling", "hifi"),
            ("耳机", "降噪", "音箱", "音质", "发烧友"),
        ),
        "computers": (
            ("laptop", "keyboard", "monitor", "pc build", "tablet"),
            ("笔记本", "键盘", "显示器", "装机", "平板"),
        ),
    },
    "mother_baby": {
        "newborn": (
            ("newborn", "diapers", "breastfeeding", "baby sleep", "formula"),
            ("新生儿", "纸尿裤", "母乳", "哄睡", "奶粉"),
        ),
        "toddler": (
            ("toddler", "toys", "early learning", "picky eater", "stroller"),
            ("幼儿", "玩具", "早教", "辅食", "婴儿车"),
        ),
    },
    "home": {
        "decor": (
            ("interior", "decor", "cozy", "apartment", "furniture"),
            ("家居", "软装", "温馨", "租房改造", "家具"),
        ),
        "cleaning": (
            ("cleaning", "organizing", "storage", "laundry", "declutter"),
            ("清洁", "收纳", "整理", "洗衣", "断舍离"),
        ),
        "appliances": (
            ("robot vacuum", "air fryer", "smart home", "appliance", "kitchen"),
            ("扫地机", "空气炸锅", "智能家居", "家电", "厨房"),
        ),
    },
    "health": {
        "nutrition": (
            ("nutrition", "protein", "vitamins", "diet", "supplements"),
            ("营养", "蛋白质", "维生素", "减脂餐", "保健品"),
        ),
        "wellness": (
            ("wellness", "sleep", "meditation", "stress", "mental health"),
            ("养生", "睡眠", "冥想", "解压", "心理健康"),
        ),
    },
    "sports": {
        "fitness": (
            ("fitness", "gym", "workout", "strength", "hiit"),
            ("健身", "撸铁", "训练", "增肌", "燃脂"),
        ),
        "running": (
            ("running", "marathon", "trail", "running shoes", "pace"),
            ("跑步", "马拉松", "越野跑", "跑鞋", "配速"),
        ),
        "outdoor": (
            ("hiking", "camping", "climbing", "cycling", "ski"),
            ("徒步", "露营", "攀岩", "骑行", "滑雪"),
        ),
    },
    "travel": {
        "budget": (
            ("backpacking", "budget travel", "hostel", "itinerary", "visa"),
            ("穷游", "青旅", "攻略", "签证", "背包客"),
        ),
        "luxury_travel": (
            ("resort", "hotel review", "first class", "island", "villa"),
            ("度假村", "酒店测评", "头等舱", "海岛", "别墅"),
        ),
    },
    "pets": {
        "cats": (
            ("cat", "kitten", "cat food", "litter", "cat toys"),
            ("猫咪", "小猫", "猫粮", "猫砂", "逗猫"),
        ),
        "dogs": (
            ("dog", "puppy", "dog training", "dog food", "walks"),
            ("狗狗", "幼犬", "训犬", "狗粮", "遛狗"),
        ),
    },
    "education": {
        "languages": (
            ("english learning", "ielts", "vocabulary", "grammar", "speaking"),
            ("学英语", "雅思", "单词", "语法", "口语"),
        ),
        "exams": (
            ("exam prep", "study tips", "notes", "university", "kaoyan"),
            ("备考", "学习方法", "笔记", "大学", "考研"),
        ),
    },
    "gaming": {
        "mobile_games": (
            ("mobile game", "gacha", "moba", "ranked", "esports"),
            ("手游", "抽卡", "王者", "上分", "电竞"),
        ),
        "console": (
            ("console", "switch", "playstation", "rpg", "speedrun"),
            ("主机", "任天堂", "游戏机", "角色扮演", "速通"),
        ),
    },
    "auto": {
        "ev": (
            ("electric car", "ev", "charging", "range", "autopilot"),
            ("电动车", "新能源", "充电", "续航里程", "智驾"),
        ),
        "car_reviews": (
            ("car review", "test drive", "suv", "sedan", "engine"),
            ("汽车测评", "试驾", "越野车", "轿车", "发动机"),
        ),
    },
    "finance": {
        "investing": (
            ("investing", "stocks", "funds", "portfolio", "dividends"),
            ("理财", "股票", "基金", "资产配置", "分红"),
        ),
        "budgeting": (
            ("budgeting", "saving money", "side hustle", "credit card", "frugal"),
            ("记账", "省钱", "副业", "信用卡", "存钱"),
        ),
    },
    "lifestyle": {
        "vlog": (
            ("daily vlog", "routine", "city life", "weekend", "coffee"),
            ("日常", "生活记录", "城市", "周末", "咖啡"),
        ),
        "self_growth": (
            ("productivity", "reading", "journaling", "habits", "morning routine"),
            ("自律", "读书", "手账", "习惯", "早起"),
        ),
    },
}

FILLER_EN: tuple[str, ...] = (
    "daily", "sharing", "honest", "reviews", "tips", "life", "love", "my", "best", "new",
    "favorite", "real", "guide", "notes", "story", "weekly", "content", "creator",
)  # fmt: skip
FILLER_ZH: tuple[str, ...] = ("分享", "日常", "真实", "测评", "推荐", "干货", "记录", "好物")

PLATFORMS: tuple[str, ...] = (
    "xiaohongshu",
    "douyin",
    "weibo",
    "bilibili",
    "taobao_live",
    "kuaishou",
)
COLLAB_TYPES: tuple[str, ...] = ("image_text", "short_video", "live_stream", "long_video")
GENDERS: tuple[str, ...] = ("female", "male")
AGES: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45+")
REGIONS: tuple[str, ...] = ("tier1", "tier2", "tier3", "tier4+")
