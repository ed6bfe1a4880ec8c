"""会议模式 — presentation decks (saved views stepped through full screen) and printable outputs."""

from __future__ import annotations

import json

import streamlit as st

from geo import brief, decks, printmap
from geo.i18n import level_label
from geo.provenance import SourceBook
from ui.frame import require_app_frame
from ui.present import go_to_slide
from ui.state import cursor, lang, query, tr

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
    "no_decks": ("还没有演示文稿，请先新建。", "No decks yet: create one."),
    "deck": ("选择演示文稿", "Deck"),
    "new_deck": ("新建演示文稿", "New deck"),
    "deck_name": ("名称", "Name"),
    "create": ("新建", "Create"),
    "exists": ("已有同名演示文稿", "A deck with this name already exists"),
    "rename": ("重命名", "Rename"),
    "delete": ("删除演示文稿", "Delete deck"),
    "confirm_delete": ("确认删除", "Confirm deletion"),
    "start": ("开始演示", "Start presentation"),
    "slides": ("幻灯片", "Slides"),
    "no_slides": ("此演示文稿还没有幻灯片。", "This deck has no slides yet."),
    "up": ("上移", "Move up"),
    "down": ("下移", "Move down"),
    "remove": ("删除", "Remove"),
    "add_slide": ("添加幻灯片", "Add a slide"),
    "slide_title": ("标题", "Title"),
    "page": ("页面", "Page"),
    "params": ("查询参数（如 `adcode=530326&indicator=pop_census`）", "Query params (e.g. adcode=530326)"),
    "from_url": ("或粘贴当前视图的网址（优先）", "Or paste the URL of the current view (takes precedence)"),
    "add": ("添加", "Add"),
    "saved": ("已保存", "Saved"),
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
PAGE_NAMES = {
    "page_overview": ("全国总览", "Overview"),
    "page_county": ("县情档案", "County profile"),
    "page_workbench": ("规划工作台", "Workbench"),
    "page_sites": ("易地搬迁安置点", "Relocation sites"),
    "page_infra": ("基础设施短板", "Infrastructure"),
    "page_present": ("会议模式", "Meeting mode"),
}
LEVEL_COLOURS = {"national": "#c0392b", "provincial": "#f39c12"}

t = tr(PAGE_LABELS, PAGE_NAMES)
st.title(t("title"))
st.caption(t("intro"))


def _save(deck: decks.Deck, slug: str) -> None:
    """Write the deck and rerun; validation errors are shown and nothing changes."""
    try:
        decks.save(deck, slug)
    except (decks.DeckError, OSError) as error:
        st.error(str(error))
        return
    st.rerun()


def _deck_manager() -> None:
    st.header(t("decks"))
    valid, invalid = decks.list_decks()
    for file_name, error in invalid:
        st.warning(f"{t('invalid_file')} {file_name}: {error}")

    with st.expander(t("new_deck"), expanded=not valid):
        with st.form("new_deck", clear_on_submit=True):
            name = st.text_input(t("deck_name"), max_chars=decks.MAX_NAME)
            if st.form_submit_button(t("create")):
                slug = decks.slugify(name)
                if slug in valid or (decks.decks_dir() / f"{slug}.json").exists():
                    st.error(t("exists"))
                else:
                    try:
                        _save(decks.Deck(name), slug)
                    except decks.DeckError as error:
                        st.error(str(error))
    if not valid:
        st.info(t("no_decks"))
        return

    slug = st.selectbox(t("deck"), list(valid), format_func=lambda s: f"{valid[s].name}（{len(valid[s].slides)}）", placeholder=t("choose"))
    deck = valid[slug]
    start, rename_col, delete_col = st.columns([1, 2, 1], vertical_alignment="bottom")
    if start.button(t("start"), type="primary", disabled=not deck.slides, key="start_deck"):
        go_to_slide(slug, deck, 0)
    with rename_col.form(f"rename_{slug}", border=False):
        new_name = st.text_input(t("rename"), value=deck.name, max_chars=decks.MAX_NAME)
        if st.form_submit_button(t("rename")):
            try:
                _save(decks.rename(deck, new_name), slug)
            except decks.DeckError as error:
                st.error(str(error))
    confirm = delete_col.checkbox(t("confirm_delete"), key=f"confirm_{slug}")
    if delete_col.button(t("delete"), disabled=not confirm, key=f"delete_{slug}"):
        decks.delete(slug)
        st.rerun()

    st.subheader(t("slides"))
    if not deck.slides:
        st.caption(t("no_slides"))
    for index, slide in enumerate(deck.slides):
        text, up, down, remove = st.columns([8, 1, 1, 1], vertical_alignment="center")
        params = json.dumps(slide.params, ensure_ascii=False) if slide.params else ""
        text.markdown(f"**{index + 1}. {slide.title}** · {t('page_' + slide.page)} `{params}`")
        if up.button("↑", key=f"up_{slug}_{index}", help=t("up"), disabled=index == 0):
            _save(decks.move_slide(deck, index, -1), slug)
        if down.button("↓", key=f"down_{slug}_{index}", help=t("down"), disabled=index == len(deck.slides) - 1):
            _save(decks.move_slide(deck, index, 1), slug)
        if remove.button("✕", key=f"remove_{slug}_{index}", help=t("remove")):
            _save(decks.remove_slide(deck, index), slug)

    with st.form(f"add_slide_{slug}", clear_on_submit=True):
        st.markdown(f"**{t('add_slide')}**")
        title_col, page_col = st.columns([2, 1])
        title = title_col.text_input(t("slide_title"), max_chars=decks.MAX_TITLE)
        page = page_col.selectbox(t("page"), decks.PAGES, format_func=lambda p: t(f"page_{p}"), placeholder=t("choose"))
        params = st.text_input(t("params"), max_chars=decks.MAX_PARAMS * 40)
        url = st.text_input(t("from_url"), max_chars=decks.MAX_PARAMS * decks.MAX_VALUE)
        if st.form_submit_button(t("add")):
            try:
                if url.strip():
                    slide = decks.slide_from_url(url, title.strip())
                else:
                    slide = decks.make_slide(title or t(f"page_{page}"), page, decks.params_from_query(params))
                _save(decks.add_slide(deck, slide), slug)
            except decks.DeckError as error:
                st.error(str(error))


def _print_map() -> None:
    st.subheader(t("print_map"))
    keys = query("print_key_counties")
    counts = keys["support_level"].value_counts()
    fmt = st.segmented_control(t("format"), ["png", "pdf"], default="pdf", key="print_format",
                               format_func=str.upper) or "pdf"
    if st.button(t("render"), key="render_map"):
        colours = {row.adcode: LEVEL_COLOURS[row.support_level] for row in keys.itertuples()}
        legend = [(LEVEL_COLOURS[level], level_label(level, lang())) for level in LEVEL_COLOURS]
        legend.append((printmap.DEFAULT_FILL, t("other_counties")))
        list_source = [SourceBook(query("sources_list")).label("key_list_rows", lang())]
        subtitle = t("map_subtitle").format(national=counts.get("national", 0), provincial=counts.get("provincial", 0))
        with st.spinner():
            data = printmap.render_map(cursor(), colours, legend, title=t("map_title"), subtitle=subtitle,
                                       sources=list_source, fmt=fmt, lang=lang())
        st.session_state["print_map"] = (fmt, data)
    if "print_map" in st.session_state:
        made_fmt, data = st.session_state["print_map"]
        st.download_button(f"{t('download')} {made_fmt.upper()}", data, file_name=f"key_counties.{made_fmt}",
                           mime="application/pdf" if made_fmt == "pdf" else "image/png", key="download_map")


def _print_brief() -> None:
    st.subheader(t("brief"))
    provinces = query("brief_key_provinces")
    province_col, level_col = st.columns(2)
    province = province_col.selectbox(
        t("province"), provinces["adcode"].tolist(),
        format_func=lambda code: provinces.set_index("adcode").loc[code, "name"], key="brief_province", placeholder=t("choose"),
    )
    level = level_col.radio(t("level_choice"), brief.LEVELS, horizontal=True, key="brief_level",
                            format_func=lambda code: t("level_all") if code == "all" else level_label(code, lang()))
    single = st.text_input(t("brief_county"), max_chars=6, key="brief_single")
    try:
        if single.strip():
            adcodes, note = [single.strip()], ""
        else:
            selection = brief.counties_for_province(cursor(), province, level)
            adcodes = selection.adcodes
            note = t("brief_count").format(n=len(adcodes))
            if selection.expected:
                note += t("expected").format(expected=selection.expected)
    except brief.BriefError as error:
        st.warning(str(error))
        return
    if note:
        st.caption(note)
    if st.button(t("render"), key="render_brief"):
        try:
            with st.spinner():
                st.session_state["brief_pdf"] = brief.brief_pdf(cursor(), adcodes, lang())
        except brief.BriefError as error:
            st.error(str(error))
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
