"""Vocabulary of the second, independent generator (:mod:`matching.eval.synth_alt`).

Written separately from :mod:`matching.eval.lexicon` on purpose: other sub-topics, other
words, phrases a creator would really put in a bio.  Each niche has English phrases,
Chinese phrases, and "brief words" (related words and synonyms a brand uses that the
creators of the niche use less often).  Only the generator imports this module.
"""

from __future__ import annotations

# category -> niche -> (english phrases, chinese phrases, brief-only related words)
# fmt: off
NICHES: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    "beauty": {
        "sun": (("sunscreen", "spf50", "uv protection", "sun care", "tinted sunscreen"),
                ("防晒霜", "防晒喷雾", "紫外线", "防晒"), ("spf", "sunblock", "beach skin")),
        "lips": (("lipstick", "lip tint", "matte lip", "lip gloss", "swatches"),
                 ("口红", "唇釉", "试色", "唇膏"), ("lip color", "red lip", "lip shade")),
        "acne": (("acne", "breakouts", "salicylic acid", "pimple patch", "oily skin"),
                 ("痘痘", "祛痘", "闭口", "水杨酸"), ("blemish", "clear skin", "spot treatment")),
        "scent": (("perfume", "fragrance", "eau de parfum", "scent notes", "niche perfume"),
                  ("香水", "香氛", "留香", "沙龙香"), ("cologne", "fragrance launch", "notes")),
        "nails": (("nail art", "gel nails", "manicure", "press on nails"),
                  ("美甲", "指甲", "甲油胶", "穿戴甲"), ("nail polish", "manicure set")),
        "antiage": (("anti aging", "retinol", "wrinkles", "firming cream", "collagen"),
                    ("抗老", "抗皱", "视黄醇", "紧致"), ("mature skin", "fine lines")),
    },
    "food": {
        "baking": (("baking", "sourdough", "cake decorating", "pastry", "oven recipes"),
                   ("烘焙", "蛋糕", "面包", "甜点"), ("bakeware", "flour", "dessert recipe")),
        "hotpot": (("hotpot", "spicy broth", "sichuan food", "dipping sauce"),
                   ("火锅", "麻辣", "川菜", "火锅底料"), ("spicy", "chili oil", "mala")),
        "coffee": (("coffee", "latte art", "espresso", "pour over", "cafe hopping"),
                   ("咖啡", "拿铁", "手冲", "探店咖啡"), ("barista", "coffee beans", "brew")),
        "tea": (("tea", "matcha", "oolong", "milk tea", "tea ceremony"),
                ("茶", "奶茶", "抹茶", "茶艺"), ("bubble tea", "tea leaves", "tea drink")),
        "healthy": (("meal prep", "salad", "low calorie", "high protein", "clean eating"),
                    ("减脂餐", "轻食", "沙拉", "低卡"), ("diet meals", "nutrition", "lean")),
        "street": (("street food", "night market", "food tour", "snacks"),
                   ("小吃", "夜市", "街边美食", "探店"), ("local eats", "food stall")),
    },
    "fashion": {
        "sneakers": (("sneakers", "sneaker unboxing", "kicks", "jordans"),
                     ("球鞋", "运动鞋", "开箱", "鞋"), ("trainers", "shoe drop", "footwear")),
        "vintage": (("vintage", "thrift haul", "second hand", "retro style"),
                    ("古着", "复古", "二手", "中古"), ("preloved", "retro", "thrifted")),
        "bags": (("handbag", "designer bags", "tote", "bag collection"),
                 ("包包", "手袋", "名牌包", "托特包"), ("purse", "leather goods", "clutch")),
        "plussize": (("plus size", "curvy outfits", "size inclusive", "body positive"),
                     ("大码", "微胖穿搭", "显瘦", "梨形身材"), ("curve", "extended sizes")),
    },
    "pets": {
        "cats": (("cat", "kitten", "cat food", "litter", "ragdoll"),
                 ("猫", "猫咪", "猫粮", "猫砂"), ("feline", "cat owners", "meow")),
        "dogs": (("dog", "puppy", "dog training", "golden retriever", "dog walks"),
                 ("狗", "狗狗", "柯基", "遛狗"), ("canine", "pup", "dog owners")),
        "aquarium": (("aquarium", "fish tank", "aquascape", "tropical fish"),
                     ("鱼缸", "水族", "观赏鱼", "水草"), ("fishkeeping", "tank setup")),
    },
    "electronics": {
        "phones": (("smartphone", "phone review", "android", "camera test"),
                   ("手机", "测评", "安卓", "拍照"), ("mobile", "handset", "flagship phone")),
        "audio": (("headphones", "earbuds", "noise cancelling", "hifi"),
                  ("耳机", "降噪", "音质", "蓝牙耳机"), ("sound", "speakers", "audio gear")),
        "pcbuild": (("pc build", "gpu", "mechanical keyboard", "desk setup"),
                    ("装机", "显卡", "机械键盘", "桌面"), ("gaming rig", "hardware")),
    },
    "mother_baby": {
        "newborn": (("newborn", "diapers", "breastfeeding", "baby sleep"),
                    ("新生儿", "纸尿裤", "母乳", "哄睡"), ("infant", "nursing", "baby care")),
        "toddler": (("toddler", "montessori", "kids activities", "picky eater"),
                    ("幼儿", "早教", "辅食", "亲子"), ("preschool", "child development")),
    },
}
# fmt: on

FILLER_EN = ("daily life", "honest reviews", "dm for collab", "shanghai based", "sharing",
             "my favourites", "weekly posts", "real talk", "link in bio")  # fmt: skip
FILLER_ZH = ("日常", "真实分享", "合作私信", "上海", "记录生活", "好物推荐", "周更")

# niche pairs a careful judge would call close (partly relevant)
CLOSE = {frozenset(p) for p in (("sun", "acne"), ("acne", "antiage"), ("coffee", "tea"),
         ("baking", "coffee"), ("healthy", "tea"), ("hotpot", "street"), ("sneakers", "vintage"),
         ("bags", "vintage"), ("newborn", "toddler"), ("audio", "phones"))}  # fmt: skip

TITLES_EN = ("New {w} campaign", "Spring launch: {w}", "{w} seeding on social",
             "Looking for {w} creators")  # fmt: skip
DESCS_EN = ("We are launching a {a} product and want creators whose followers care about {b}.",
            "Honest content about {a}; bonus if you often cover {b}.",
            "Product seeding for {a} lovers. Posts should feature {b}.")  # fmt: skip
TITLES_ZH = ("{w}新品种草", "{w}品牌合作", "招募{w}博主")
DESCS_ZH = ("希望找到分享{a}的博主，粉丝关注{b}。", "{a}新品推广，内容围绕{b}，真实体验。")
