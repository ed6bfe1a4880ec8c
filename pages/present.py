"""会议模式 — presentation decks (saved views stepped through full screen) and printable outputs."""

from __future__ import annotations

import streamlit as st

from geo import brief, decks, maps, pageschemas, printmap, urlschema
from geo.i18n import level_label
from geo.pageschemas import PRESENT as SCHEMA
from geo.provenance import SourceBook
from ui import meeting, safe, url
from ui.auth import require_editor
from ui.frame import require_app_frame
from ui.present import describe, go_to_slide
from ui.printing import completeness
from ui.state import cursor, db_version, lang, query, tr

require_app_frame()

PAGE_LABELS = {
    "title": ("会议模式", "Meeting mode"),
    "intro": (
        "把若干保存的视图组成演示文稿，全屏逐页展示（方向键或 PageUp/PageDown 翻页）；并可下载打印版地图和县情简报。",
        "Combine saved views into a deck and step through them full screen (arrow keys or PageUp/PageDown); "
        "download print maps and county briefs.",
    ),
    "decks": ("演示文稿", "Decks"),
    "invalid_file": ("无法读取的演示文稿文件", "Unreadable deck file"),
    "no_decks": ("还没有演示文稿。", "No decks yet."),
    "deck": ("选择演示文稿", "Deck"),
    "edit": ("编辑演示文稿（需要登录，与数据管理相同）", "Edit decks (sign-in, as for data management)"),
    "new_deck": ("新建演示文稿", "New deck"),
    "deck_name": ("名称", "Name"),
    "create": ("新建", "Create"),
    "rename": ("重命名", "Rename"),
    "delete": ("删除演示文稿", "Delete deck"),
    "confirm_delete": ("确认删除", "Confirm deletion"),
    "restore": ("恢复已删除的演示文稿", "Restore a deleted deck"),
    "restore_button": ("恢复", "Restore"),
    "start": ("开始演示", "Start presentation"),
    "slides": ("幻灯片", "Slides"),
    "no_slides": ("此演示文稿还没有幻灯片。", "This deck has no slides yet."),
    "up": ("上移", "Move up"),
    "down": ("下移", "Move down"),
    "duplicate": ("复制", "Duplicate"),
    "remove": ("删除", "Remove"),
    "retitle": ("修改幻灯片标题", "Rename a slide"),
    "slide_number": ("第几张", "Slide"),
    "new_title": ("新标题", "New title"),
    "add_slide": ("添加幻灯片", "Add a slide"),
    "slide_title": ("标题", "Title"),
    "from_url": (
        "当前视图的网址（在全国总览、县情档案、规划工作台、安置点或基础设施页面设好后，复制浏览器地址栏）",
        "URL of the view (set it up on a page, then copy the address bar)",
    ),
    "add": ("添加", "Add"),
    "bad_view": ("网址中的部分设置无效，未添加：", "Some settings in the URL are not valid; not added: "),
    "saved": ("已保存", "Saved"),
    "write_failed": ("无法写入演示文稿文件夹（data/decks/）。", "Cannot write to the decks folder (data/decks/)."),
    "print": ("打印输出", "Print outputs"),
    "print_map": ("全国重点帮扶县分布图", "National key-county map"),
    "format": ("格式", "Format"),
    "render": ("生成", "Render"),
    "download": ("下载", "Download"),
    "map_title": ("国家乡村振兴重点帮扶县分布", "Rural-revitalization key counties"),
    "map_subtitle": (
        "库内已收录：国家级 {national} 个、省级 {provincial} 个（名单待补全）",
        "In the database: {national} national, {provincial} provincial (list incomplete)",
    ),
    "other_counties": ("其他县级单位", "Other counties"),
    "brief": ("县情简报（多县）", "County briefs (several counties)"),
    "brief_county": ("单县简报：行政区划代码", "Single-county brief: adcode"),
    "level_choice": ("帮扶级别", "Support level"),
    "level_all": ("国家级和省级", "National and provincial"),
    "brief_count": ("共 {n} 个县（每县一页）", "{n} counties (one page each)"),
    "expected": ("；公开资料总数 {expected} 个", "; published total {expected}"),
}

t = tr(PAGE_LABELS)
st.title(t("title"))
st.caption(t("intro"))


def _say_error(error: decks.DeckError) -> None:
    safe.error("{}", error.message(lang()))


def _write(action) -> None:
    """Run one deck write; on success rerun, on a refused change show why (nothing is written)."""
    try:
        action()
    except decks.DeckError as error:
        _say_error(error)
        return
    except OSError:
        st.error(t("write_failed"))
        return
    st.rerun()


def _slide_list(deck: decks.Deck) -> None:
    st.subheader(t("slides"))
    if not deck.slides:
        st.caption(t("no_slides"))
    for index, slide in enumerate(deck.slides):
        with st.container(key=f"slide_{index}"):
            safe.markdown("**{}. {}**", index + 1, slide.title)
            safe.caption("{}", describe(slide))


def _editor(slug: str, deck: decks.Deck, user: str) -> None:
    """Deck and slide edits; each is applied to the deck as it is on disk now (decks.update)."""
    def change(edit) -> None:
        _write(lambda: decks.update(slug, edit, user=user))

    with st.form(f"rename_{slug}", border=False):
        new_name = st.text_input(t("rename"), value=deck.name, max_chars=decks.MAX_NAME)
        if st.form_submit_button(t("rename")):
            change(lambda d: decks.rename(d, new_name))
    for index, slide in enumerate(deck.slides):
        text, up, down, copy, remove = st.columns([8, 1, 1, 1, 1], vertical_alignment="center")
        safe.markdown("{}. {}", index + 1, slide.title, on=text)
        if up.button("↑", key=f"up_{slug}_{index}", help=t("up"), disabled=index == 0):
            change(lambda d, i=index, s=slide: decks.move_slide(d, i, -1, s))
        if down.button("↓", key=f"down_{slug}_{index}", help=t("down"), disabled=index == len(deck.slides) - 1):
            change(lambda d, i=index, s=slide: decks.move_slide(d, i, 1, s))
        if copy.button("⧉", key=f"dup_{slug}_{index}", help=t("duplicate")):
            change(lambda d, i=index, s=slide: decks.duplicate_slide(d, i, s))
        if remove.button("✕", key=f"remove_{slug}_{index}", help=t("remove")):
            change(lambda d, i=index, s=slide: decks.remove_slide(d, i, s))
    if deck.slides:
        with st.form(f"retitle_{slug}", clear_on_submit=True):
            st.markdown(f"**{t('retitle')}**")
            number_col, title_col = st.columns([1, 4])
            number = number_col.selectbox(t("slide_number"), range(1, len(deck.slides) + 1), placeholder=t("choose"))
            title = title_col.text_input(t("new_title"), max_chars=decks.MAX_TITLE)
            if st.form_submit_button(t("retitle")):
                change(lambda d: decks.retitle_slide(d, number - 1, title, deck.slides[number - 1]))

    with st.form(f"add_slide_{slug}", clear_on_submit=True):
        st.markdown(f"**{t('add_slide')}**")
        title = st.text_input(t("slide_title"), max_chars=decks.MAX_TITLE)
        link = st.text_input(t("from_url"), max_chars=decks.MAX_PARAMS * decks.MAX_VALUE)
        if st.form_submit_button(t("add")):
            try:
                slide = decks.slide_from_url(link, title.strip() or "")
            except decks.DeckError as error:
                _say_error(error)
                return
            _values, dropped = urlschema.parse(pageschemas.SCHEMAS[slide.page], slide.params, url.vocabulary())
            if dropped:
                safe.error("{}{}", t("bad_view"), urlschema.notice(dropped, lang()))
                return
            if not title.strip():
                slide = decks.make_slide(describe(slide)[: decks.MAX_TITLE], slide.page, slide.params)
            change(lambda d: decks.add_slide(d, slide))

    confirm = st.checkbox(t("confirm_delete"), key=f"confirm_{slug}")
    if st.button(t("delete"), disabled=not confirm, key=f"delete_{slug}"):
        _write(lambda: decks.delete(slug, user=user))


def _deck_manager() -> None:
    st.header(t("decks"))
    valid, invalid = decks.list_decks()
    for file_name, error in invalid:
        safe.warning("{} {}：{}", t("invalid_file"), file_name, error.message(lang()))
    state = url.page(SCHEMA)
    slug = None
    if valid:
        slug = state.bind("pm_deck", st.selectbox, t("deck"), list(valid),
                          format_func=lambda s: f"{valid[s].name}（{len(valid[s].slides)}）", placeholder=t("choose"))
        deck = valid[slug]
        if st.button(t("start"), type="primary", disabled=not deck.slides, key="start_deck"):
            go_to_slide(slug, deck, 0)
        _slide_list(deck)
    else:
        st.info(t("no_decks"))

    st.subheader(t("edit"))
    user = require_editor()
    if not user:
        return
    with st.form("new_deck", clear_on_submit=True):
        name = st.text_input(t("new_deck") + " · " + t("deck_name"), max_chars=decks.MAX_NAME)
        if st.form_submit_button(t("create")):
            _write(lambda: decks.create(name, user=user))
    if slug:
        _editor(slug, valid[slug], user)
    deleted = decks.deleted_decks()
    if deleted:
        with st.form("restore_deck", border=False):
            chosen = st.selectbox(t("restore"), list(deleted), format_func=lambda s: deleted[s].name, placeholder=t("choose"))
            if st.form_submit_button(t("restore_button")):
                _write(lambda: decks.restore(chosen, user=user))


def _print_map() -> None:
    st.subheader(t("print_map"))
    fmt = st.segmented_control(t("format"), ["png", "pdf"], default="pdf", key="print_format",
                               format_func=str.upper) or "pdf"
    if st.button(t("render"), key="render_map"):
        keys = query("print_key_counties")
        counts = keys["support_level"].value_counts()
        colours = {row.adcode: maps.LEVEL_COLORS[row.support_level] for row in keys.itertuples()}
        legend = [(maps.LEVEL_COLORS[level], level_label(level, lang())) for level in maps.LEVEL_COLORS]
        legend.append((printmap.DEFAULT_FILL, t("other_counties")))
        list_source = [SourceBook(query("sources_list")).label("key_list_rows", lang())]
        subtitle = t("map_subtitle").format(national=counts.get("national", 0), provincial=counts.get("provincial", 0))
        with st.spinner():
            view = printmap.PrintView(t("map_title"), colours, legend, subtitle=subtitle, sources=list_source,
                                      **completeness(lang()))
            data = printmap.render_view(cursor(), view, fmt=fmt, lang=lang())
        st.session_state["print_map"] = (fmt, data)
    if "print_map" in st.session_state:
        made_fmt, data = st.session_state["print_map"]
        st.download_button(f"{t('download')} {made_fmt.upper()}", data, file_name=f"key_counties.{made_fmt}",
                           mime="application/pdf" if made_fmt == "pdf" else "image/png", key="download_map")


def _print_brief() -> None:
    st.subheader(t("brief"))
    version = db_version()
    provinces = meeting.brief_provinces(version)
    province_col, level_col = st.columns(2)
    province = province_col.selectbox(t("province"), provinces.adcodes, format_func=provinces.names.__getitem__,
                                      key="brief_province", placeholder=t("choose"))
    level = level_col.radio(t("level_choice"), brief.LEVELS, horizontal=True, key="brief_level",
                            format_func=lambda code: t("level_all") if code == "all" else level_label(code, lang()))
    single = st.text_input(t("brief_county"), max_chars=6, key="brief_single")
    try:
        if single.strip():
            adcodes, note = [single.strip()], ""
        else:
            selection = meeting.province_selection(version, province, level)
            adcodes = list(selection.adcodes)
            note = t("brief_count").format(n=len(adcodes))
            if selection.expected:
                note += t("expected").format(expected=selection.expected)
    except brief.BriefError as error:
        safe.warning("{}", str(error))
        return
    if note:
        safe.caption("{}", note)
    if st.button(t("render"), key="render_brief"):
        try:
            with st.spinner():
                st.session_state["brief_pdf"] = brief.brief_pdf(cursor(), adcodes, lang())
        except brief.BriefError as error:
            safe.error("{}", str(error))
    if "brief_pdf" in st.session_state:
        st.download_button(f"{t('download')} PDF", st.session_state["brief_pdf"], file_name="county_brief.pdf",
                           mime="application/pdf", key="download_brief")


_deck_manager()
st.header(t("print"))
map_col, brief_col = st.columns(2)
with map_col:
    _print_map()
with brief_col:
    _print_brief()
