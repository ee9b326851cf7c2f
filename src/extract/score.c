/* score.c: picks the story among a page's blocks the way Mozilla's readability
 * does: paragraphs score their ancestors, the best container and its good siblings win. */
#include "extract/extract_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Attempts relax these one by one while the story stays under 500 characters. */
enum {
    STRIP_UNLIKELY = 1u << 0,      /* leave out elements whose class says boilerplate */
    WEIGHT_CLASSES = 1u << 1,      /* let class/id hints move scores */
    CLEAN_CONDITIONALLY = 1u << 2, /* drop link-heavy lists, tables, divs inside the story */
};
#define ENOUGH_STORY_CHARS 500

typedef struct totals {
    double text;     /* code points */
    double links;    /* code points inside links ("#" links count 0.3) */
    double commas;
    double headings; /* code points in headings */
    double lists;    /* code points in list items */
    size_t paragraphs, images, list_items, inputs, embeds;
} totals;

typedef struct selection {
    extract_page *page;
    unsigned options;
    const bool *always_excluded; /* per element: byline, small forms, unspoken */
    bool *excluded;              /* per element, for this attempt */
    totals *sum;                 /* per element, over its subtree */
    totals *kept;                /* per element, over what cleaning keeps */
    double *score;
    bool *scored;
    bool *chosen;                /* per element: in the story */
    bool *removed;               /* per element: cleaned out of the story */
    bool *chosen_block;          /* per block: a loose paragraph next to the story */
    size_t *first_block;         /* per element: its first own block, or EXTRACT_NO_ELEMENT */
} selection;

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const extract_element *element_at(const selection *s, size_t index)
{
    return &s->page->elements[index];
}

static bool is_heading(GumboTag tag)
{
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
           tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

/* Containers whose loose text readability wraps into paragraphs. */
static bool is_div_like(GumboTag tag)
{
    return tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE ||
           tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_CENTER || tag == GUMBO_TAG_BODY ||
           tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_UNKNOWN;
}

static bool is_scored_paragraph(GumboTag tag)
{
    return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TD ||
           (is_heading(tag) && tag != GUMBO_TAG_H1) || is_div_like(tag);
}

static void add_block_totals(totals *to, const extract_block *block)
{
    to->text += (double)block->chars;
    to->links += (double)block->link_chars / 10.0;
    to->commas += (double)block->commas;
    if (block->kind == TTS_BLOCK_HEADING)
        to->headings += (double)block->chars;
    if (block->kind == TTS_BLOCK_LIST_ITEM)
        to->lists += (double)block->chars;
}

static void add_own_tag(totals *to, GumboTag tag)
{
    to->paragraphs += tag == GUMBO_TAG_P;
    to->images += tag == GUMBO_TAG_IMG;
    to->list_items += tag == GUMBO_TAG_LI;
    to->inputs += tag == GUMBO_TAG_INPUT;
    to->embeds += tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_EMBED || tag == GUMBO_TAG_IFRAME;
}

static void add_totals(totals *to, const totals *from)
{
    to->text += from->text;
    to->links += from->links;
    to->commas += from->commas;
    to->headings += from->headings;
    to->lists += from->lists;
    to->paragraphs += from->paragraphs;
    to->images += from->images;
    to->list_items += from->list_items;
    to->inputs += from->inputs;
    to->embeds += from->embeds;
}

static double link_density(const totals *t)
{
    return t->text > 0 ? t->links / t->text : 0;
}

/* ---- UI strings and link-only crumbs, dropped wherever they are ---- */

static const char *const ui_strings[] = {
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "subscribe", "subscribe now", "sign up", "sign in", "log in",
    "advertisement", "advertisment", "ad", "sponsored", "read more", "read full article",
    "continue reading", "related", "related stories", "related articles", "related content",
    "more news", "more stories", "more from", "click here", "print", "email", "e-mail",
    "facebook", "twitter", "tweet", "whatsapp", "linkedin", "pinterest", "reddit", "comments",
    "view comments", "show comments", "leave a comment", "skip to main content",
    "skip to content", "back to top", "close", "menu", "search", "loading", "play", "pause",
    "listen", "listen live", "download", "embed", "copy link", "link copied", "next",
    "previous", "follow us", "newsletter", "story continues below advertisement",
    "article continues below", "advertisement - scroll to continue", "image", "photo", "video",
    "watch", "toggle caption", "hide caption", "enlarge this image", "see more",
};
static const char *const ui_prefixes[] = {
    "sign up for", "subscribe to", "follow us on", "click here to", "share this",
    "get our newsletter", "get the latest", "download our app",
};

static size_t word_count(const char *text)
{
    size_t words = 0;
    for (const char *p = text; *p; p++)
        words += !isspace((unsigned char)*p) && (p == text || isspace((unsigned char)p[-1]));
    return words;
}

/* Compares text with a lower-case UI string, ignoring case and the arrows,
 * bullets and punctuation that decorate buttons ("Read more »"). */
static bool is_ui_string(const char *text)
{
    char core[64];
    size_t length = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (length + 1 >= sizeof core)
            return false;
        if (isalnum(*p) || (*p == ' ' && length > 0) || *p == '-')
            core[length++] = (char)tolower(*p);
    }
    while (length > 0 && core[length - 1] == ' ')
        length--;
    core[length] = '\0';
    for (size_t i = 0; i < COUNT(ui_strings); i++)
        if (strcmp(core, ui_strings[i]) == 0)
            return true;
    if (word_count(text) <= 12)
        for (size_t i = 0; i < COUNT(ui_prefixes); i++)
            if (strncmp(core, ui_prefixes[i], strlen(ui_prefixes[i])) == 0)
                return true;
    return false;
}

/* "(Credit: Jane Doe / Grist)", "Photo: AP": picture credits, not story. */
static bool is_credit_line(const char *text)
{
    static const char *const credits[] = {
        "credit:", "credits:", "photo:", "photos:", "image:", "photograph:", "illustration:",
        "photo credit:", "image credit:", "(credit:", "(photo:", "(image:", "[credit:",
    };
    if (word_count(text) > 16)
        return false;
    for (size_t i = 0; i < COUNT(credits); i++)
        if (strncasecmp(text, credits[i], strlen(credits[i])) == 0)
            return true;
    return false;
}

static bool is_noise(const extract_block *block)
{
    bool link_only = (double)block->link_chars / 10.0 >= 0.9 * (double)block->chars;
    return is_ui_string(block->text) || is_credit_line(block->text) ||
           (link_only && word_count(block->text) <= 8);
}

/* ---- scoring ---- */

static void initialize(selection *s, size_t index)
{
    const extract_element *element = element_at(s, index);
    double score = 0;
    switch (element->tag) {
    case GUMBO_TAG_DIV: score = 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: score = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        score = -3;
        break;
    case GUMBO_TAG_TH: score = -5; break;
    default: score = is_heading(element->tag) ? -5 : 0; break;
    }
    if (s->options & WEIGHT_CLASSES)
        score += element->class_weight;
    s->score[index] = score;
    s->scored[index] = true;
}

static void compute_exclusions_and_totals(selection *s)
{
    extract_page *page = s->page;
    for (size_t i = 0; i < page->element_count; i++) {
        const extract_element *element = element_at(s, i);
        s->excluded[i] = s->always_excluded[i] ||
                         ((s->options & STRIP_UNLIKELY) && (element->flags & EXTRACT_UNLIKELY)) ||
                         (element->parent != EXTRACT_NO_ELEMENT && s->excluded[element->parent]);
    }
    memset(s->sum, 0, page->element_count * sizeof *s->sum);
    for (size_t b = 0; b < page->block_count; b++) {
        size_t owner = page->blocks[b].owner;
        if (owner != EXTRACT_NO_ELEMENT && !s->excluded[owner])
            add_block_totals(&s->sum[owner], &page->blocks[b]);
    }
    for (size_t i = page->element_count; i-- > 0;) {
        const extract_element *element = element_at(s, i);
        if (s->excluded[i])
            continue;
        add_own_tag(&s->sum[i], element->tag);
        if (element->parent != EXTRACT_NO_ELEMENT)
            add_totals(&s->sum[element->parent], &s->sum[i]);
    }
}

/* Each paragraph of 25+ characters gives 1 + commas + length/100 (at most 3)
 * to its container, half to the next one up, and less further up. */
static void score_paragraphs(selection *s)
{
    extract_page *page = s->page;
    memset(s->scored, 0, page->element_count * sizeof *s->scored);
    for (size_t b = 0; b < page->block_count; b++) {
        const extract_block *block = &page->blocks[b];
        size_t owner = block->owner;
        if (owner == EXTRACT_NO_ELEMENT || s->excluded[owner] || block->chars < 25)
            continue;
        const extract_element *element = element_at(s, owner);
        if (!is_scored_paragraph(element->tag))
            continue;
        double content = 1 + ((double)block->commas + 1) +
                         (block->chars / 100 < 3 ? (double)(block->chars / 100) : 3);
        if (element->flags & EXTRACT_TRANSCRIPT)
            content *= 2; /* transcript paragraphs are the story wherever they sit */
        bool wrapped = is_div_like(element->tag) && (element->flags & EXTRACT_HAS_BLOCK_CHILD);
        size_t ancestor = wrapped ? owner : element->parent;
        for (int level = 0; level < 5 && ancestor != EXTRACT_NO_ELEMENT; level++) {
            if (element_at(s, ancestor)->tag == GUMBO_TAG_HTML)
                break;
            if (!s->scored[ancestor])
                initialize(s, ancestor);
            s->score[ancestor] += content / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
            ancestor = element_at(s, ancestor)->parent;
        }
    }
}

/* Children as readability's DOM has them while it climbs: scripts, styles,
 * unlikely and empty containers gone; navs, asides, forms still there. */
static size_t element_children(const selection *s, size_t parent)
{
    size_t count = 0;
    size_t end = element_at(s, parent)->subtree_end;
    for (size_t c = parent + 1; c < end; c = element_at(s, c)->subtree_end) {
        const extract_element *child = element_at(s, c);
        GumboTag tag = child->tag;
        bool removed_early = tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
                             tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_LINK ||
                             tag == GUMBO_TAG_META || tag == GUMBO_TAG_TEMPLATE;
        bool empty = (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
                      tag == GUMBO_TAG_HEADER || is_heading(tag)) &&
                     child->node->v.element.children.length == 0;
        bool unlikely = (s->options & STRIP_UNLIKELY) && (child->flags & EXTRACT_UNLIKELY);
        count += !removed_early && !empty && !unlikely;
    }
    return count;
}

static bool same_class(const selection *s, size_t a, size_t b)
{
    const GumboNode *first = element_at(s, a)->node, *second = element_at(s, b)->node;
    const GumboAttribute *one = gumbo_get_attribute(&first->v.element.attributes, "class");
    const GumboAttribute *other = gumbo_get_attribute(&second->v.element.attributes, "class");
    return one && other && one->value[0] && strcmp(one->value, other->value) == 0;
}

static bool contains(const selection *s, size_t ancestor, size_t index)
{
    return index > ancestor && index < element_at(s, ancestor)->subtree_end;
}

static bool has_sentence_end(const char *text)
{
    for (const char *p = strchr(text, '.'); p; p = strchr(p + 1, '.'))
        if (p[1] == ' ' || p[1] == '\0')
            return true;
    return false;
}

/* readability's test for a loose paragraph beside the story. */
static bool is_good_paragraph(double length, double density, const char *text)
{
    return (length > 80 && density < 0.25) ||
           (length < 80 && length > 0 && density == 0 && text && has_sentence_end(text));
}

static void choose_subtree(selection *s, size_t root)
{
    for (size_t i = root; i < element_at(s, root)->subtree_end; i++)
        s->chosen[i] = true;
}

/* Among the best five candidates, several close seconds inside one ancestor
 * mean the story is split into sections: take the ancestor. */
static size_t common_ancestor(selection *s, const size_t *best, size_t count)
{
    size_t top = best[0];
    size_t close_seconds[4], seconds = 0;
    for (size_t i = 1; i < count && s->score[top] > 0; i++)
        if (s->score[best[i]] / s->score[top] >= 0.75)
            close_seconds[seconds++] = best[i];
    if (seconds < 3)
        return top;
    for (size_t parent = element_at(s, top)->parent;
         parent != EXTRACT_NO_ELEMENT && element_at(s, parent)->tag != GUMBO_TAG_BODY;
         parent = element_at(s, parent)->parent) {
        size_t inside = 0;
        for (size_t i = 0; i < seconds; i++)
            inside += contains(s, parent, close_seconds[i]);
        if (inside >= 3) {
            if (!s->scored[parent])
                initialize(s, parent);
            return parent;
        }
    }
    return top;
}

/* Beyond readability: a story cut into alike sections (class for class)
 * by ads and photos lives in the nearest ancestor holding them all. */
static size_t alike_sections(selection *s, size_t top)
{
    size_t ancestor = top;
    for (size_t i = 0; i < s->page->element_count; i++) {
        bool related = i == top || contains(s, top, i) || contains(s, i, top);
        if (!s->scored[i] || related || s->score[i] < 0.2 * s->score[top] ||
            !same_class(s, i, top))
            continue;
        while (ancestor != EXTRACT_NO_ELEMENT && !contains(s, ancestor, i))
            ancestor = element_at(s, ancestor)->parent;
        if (ancestor == EXTRACT_NO_ELEMENT || element_at(s, ancestor)->tag == GUMBO_TAG_BODY ||
            element_at(s, ancestor)->tag == GUMBO_TAG_HTML)
            return top;
    }
    if (ancestor != top && !s->scored[ancestor])
        initialize(s, ancestor);
    return ancestor;
}

/* Climbs while the parent scores better (when by_score), or is the only
 * way down to the story. */
static size_t climb(selection *s, size_t top, bool by_score)
{
    double last = s->score[top];
    double threshold = last / 3;
    for (size_t parent = element_at(s, top)->parent; by_score &&
         parent != EXTRACT_NO_ELEMENT && element_at(s, parent)->tag != GUMBO_TAG_BODY;
         parent = element_at(s, parent)->parent) {
        if (!s->scored[parent])
            continue;
        if (s->score[parent] < threshold)
            break;
        if (s->score[parent] > last) {
            top = parent;
            break;
        }
        last = s->score[parent];
    }
    for (size_t parent = element_at(s, top)->parent;
         parent != EXTRACT_NO_ELEMENT && element_at(s, parent)->tag != GUMBO_TAG_BODY &&
         element_children(s, parent) == 1;
         parent = element_at(s, parent)->parent)
        top = parent;
    if (!s->scored[top])
        initialize(s, top);
    return top;
}

static void choose_story(selection *s)
{
    extract_page *page = s->page;
    size_t best[5], count = 0;
    for (size_t i = 0; i < page->element_count; i++) {
        if (!s->scored[i])
            continue;
        s->score[i] *= 1 - link_density(&s->sum[i]);
        size_t at = count < 5 ? count++ : 5;
        while (at > 0 && s->score[best[at - 1]] < s->score[i]) {
            if (at < 5)
                best[at] = best[at - 1];
            at--;
        }
        if (at < 5)
            best[at] = i;
    }
    memset(s->chosen, 0, page->element_count * sizeof *s->chosen);
    memset(s->chosen_block, 0, page->block_count * sizeof *s->chosen_block);
    if (count == 0 || element_at(s, best[0])->tag == GUMBO_TAG_BODY ||
        element_at(s, best[0])->tag == GUMBO_TAG_HTML) {
        /* No story container: everything visible, minus boilerplate. */
        for (size_t i = 0; i < page->element_count; i++)
            s->chosen[i] = true;
        return;
    }
    size_t top = common_ancestor(s, best, count);
    size_t alike = top == best[0] ? alike_sections(s, top) : top;
    top = climb(s, alike, alike == top);
    size_t parent = element_at(s, top)->parent;
    if (parent == EXTRACT_NO_ELEMENT) {
        choose_subtree(s, top);
        return;
    }
    /* Siblings that score well, share the story's class, or read as paragraphs. */
    double threshold = s->score[top] * 0.2 > 10 ? s->score[top] * 0.2 : 10;
    size_t end = element_at(s, parent)->subtree_end;
    for (size_t c = parent + 1; c < end; c = element_at(s, c)->subtree_end) {
        if (s->excluded[c])
            continue;
        bool styled_alike = c != top && same_class(s, c, top);
        double bonus = styled_alike ? s->score[top] * 0.2 : 0;
        bool append = c == top || (s->scored[c] && s->score[c] + bonus >= threshold);
        /* Beyond readability: a story cut into alike sections (by photos, ads)
         * whose paragraphs sit too deep to have scored the section. */
        if (!append && styled_alike && !s->scored[c] && s->sum[c].text > 500 &&
            link_density(&s->sum[c]) < 0.25)
            append = true;
        if (!append && element_at(s, c)->tag == GUMBO_TAG_P) {
            size_t first = s->first_block[c];
            const char *text = first != EXTRACT_NO_ELEMENT ? page->blocks[first].text : NULL;
            append = is_good_paragraph(s->sum[c].text, link_density(&s->sum[c]), text);
        }
        if (append)
            choose_subtree(s, c);
    }
    /* Text written straight into the parent: paragraphs that readability would wrap. */
    for (size_t b = s->first_block[parent]; b < page->block_count; b++) {
        const extract_block *block = &page->blocks[b];
        if (block->owner < parent || block->owner >= end)
            break;
        if (block->owner != parent)
            continue;
        double density = (double)block->link_chars / 10.0 / (double)block->chars;
        s->chosen_block[b] = is_good_paragraph((double)block->chars, density, block->text);
    }
}

/* ---- cleaning inside the story ---- */

static bool should_remove(const selection *s, size_t index, const totals *t, bool in_data_table)
{
    const extract_element *element = element_at(s, index);
    GumboTag tag = element->tag;
    int weight = (s->options & WEIGHT_CLASSES) ? element->class_weight : 0;
    bool is_root = element->parent == EXTRACT_NO_ELEMENT || !s->chosen[element->parent];
    if ((element->flags & EXTRACT_PROMO) && !is_root && t->text < 500)
        return true;
    if ((tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) && weight < 0)
        return true;
    if (!(s->options & CLEAN_CONDITIONALLY))
        return false;
    if (tag != GUMBO_TAG_TABLE && tag != GUMBO_TAG_UL && tag != GUMBO_TAG_DIV &&
        tag != GUMBO_TAG_SECTION)
        return false;
    if ((tag == GUMBO_TAG_TABLE && (element->flags & EXTRACT_DATA_TABLE)) || in_data_table ||
        (element->flags & EXTRACT_IN_CODE))
        return false;
    if (weight < 0)
        return true;
    if (t->commas >= 10)
        return false;
    bool is_list = tag == GUMBO_TAG_UL || (t->text > 0 && t->lists / t->text > 0.9);
    bool in_figure = (element->flags & EXTRACT_IN_FIGURE) != 0;
    double paragraphs = (double)t->paragraphs, images = (double)t->images;
    double list_items = (double)t->list_items - 100;
    double heading_density = t->text > 0 ? t->headings / t->text : 0;
    double density = link_density(t);
    return (images > 1 && paragraphs / images < 0.5 && !in_figure) ||
           (!is_list && list_items > paragraphs) ||
           ((double)t->inputs > (double)(t->paragraphs / 3)) ||
           (!is_list && heading_density < 0.9 && t->text < 25 && (images == 0 || images > 2) &&
            !in_figure) ||
           (!is_list && weight < 25 && density > 0.2) || (weight >= 25 && density > 0.5) ||
           (t->embeds == 1 && t->text < 75) || t->embeds > 1;
}

/* Children are judged before their parents, and a parent is judged on what
 * its children kept, as readability removes nodes bottom-up. */
static void clean_story(selection *s, bool *in_data_table)
{
    extract_page *page = s->page;
    memset(s->kept, 0, page->element_count * sizeof *s->kept);
    memset(s->removed, 0, page->element_count * sizeof *s->removed);
    for (size_t b = 0; b < page->block_count; b++) {
        size_t owner = page->blocks[b].owner;
        if (owner != EXTRACT_NO_ELEMENT && s->chosen[owner] && !s->excluded[owner])
            add_block_totals(&s->kept[owner], &page->blocks[b]);
    }
    for (size_t i = 0; i < page->element_count; i++) {
        size_t parent = element_at(s, i)->parent;
        bool data_table = parent != EXTRACT_NO_ELEMENT &&
                          element_at(s, parent)->tag == GUMBO_TAG_TABLE &&
                          (element_at(s, parent)->flags & EXTRACT_DATA_TABLE);
        in_data_table[i] = data_table || (parent != EXTRACT_NO_ELEMENT && in_data_table[parent]);
    }
    for (size_t i = page->element_count; i-- > 0;) {
        if (!s->chosen[i] || s->excluded[i])
            continue;
        const extract_element *element = element_at(s, i);
        add_own_tag(&s->kept[i], element->tag);
        if (should_remove(s, i, &s->kept[i], in_data_table[i]))
            s->removed[i] = true;
        else if (element->parent != EXTRACT_NO_ELEMENT && s->chosen[element->parent])
            add_totals(&s->kept[element->parent], &s->kept[i]);
    }
    for (size_t i = 0; i < page->element_count; i++) {
        size_t parent = element_at(s, i)->parent;
        if (parent != EXTRACT_NO_ELEMENT && s->removed[parent])
            s->removed[i] = true;
    }
}

/* Marks the blocks of this attempt's story; returns its length in characters. */
static size_t collect(selection *s)
{
    size_t length = 0;
    for (size_t b = 0; b < s->page->block_count; b++) {
        extract_block *block = &s->page->blocks[b];
        size_t owner = block->owner;
        bool in_story = owner != EXTRACT_NO_ELEMENT && !s->excluded[owner] &&
                        ((s->chosen[owner] && !s->removed[owner]) || s->chosen_block[b]);
        block->keep = in_story && !is_noise(block);
        length += block->keep ? block->chars : 0;
    }
    return length;
}

/* Elements left out of every attempt: unspoken ones, short author lines,
 * and forms, unless a form wraps the whole page (ASP.NET sites do). */
static void exclude_always(extract_page *page, const totals *raw, bool *excluded)
{
    double page_text = 0;
    for (size_t i = 0; i < page->element_count; i++)
        if (page->elements[i].parent == EXTRACT_NO_ELEMENT)
            page_text += raw[i].text;
    for (size_t i = 0; i < page->element_count; i++) {
        const extract_element *element = &page->elements[i];
        bool small_form = element->tag == GUMBO_TAG_FORM && raw[i].text < 0.5 * page_text;
        bool byline = (element->flags & EXTRACT_BYLINE) && raw[i].text < 100;
        excluded[i] = (element->flags & EXTRACT_DROPPED) || small_form || byline ||
                      (element->parent != EXTRACT_NO_ELEMENT && excluded[element->parent]);
    }
}

tts_status tts_extract_select(const char *name, extract_page *page, tts_error *err)
{
    size_t n = page->element_count ? page->element_count : 1;
    size_t blocks = page->block_count ? page->block_count : 1;
    selection s = {.page = page};
    bool *always = calloc(n, sizeof *always);
    bool *flags = calloc(n * 5, sizeof *flags);
    bool *best_keep = calloc(blocks, sizeof *best_keep);
    s.sum = calloc(n, sizeof *s.sum);
    s.kept = calloc(n, sizeof *s.kept);
    s.score = calloc(n, sizeof *s.score);
    s.first_block = malloc(n * sizeof *s.first_block);
    s.chosen_block = calloc(blocks, sizeof *s.chosen_block);
    tts_status status = TTS_OK;
    if (!always || !flags || !best_keep || !s.sum || !s.kept || !s.score || !s.first_block ||
        !s.chosen_block) {
        status = tts_error_set(err, TTS_ERR_NOMEM, "%s: out of memory", name);
        goto done;
    }
    s.excluded = flags;
    s.scored = flags + n;
    s.chosen = flags + 2 * n;
    s.removed = flags + 3 * n;
    bool *in_data_table = flags + 4 * n;
    s.always_excluded = always;

    for (size_t i = 0; i < n; i++)
        s.first_block[i] = EXTRACT_NO_ELEMENT;
    for (size_t b = page->block_count; b-- > 0;)
        if (page->blocks[b].owner != EXTRACT_NO_ELEMENT)
            s.first_block[page->blocks[b].owner] = b;
    compute_exclusions_and_totals(&s); /* no options, nothing excluded yet: raw totals */
    exclude_always(page, s.sum, always);

    static const unsigned attempts[] = {
        STRIP_UNLIKELY | WEIGHT_CLASSES | CLEAN_CONDITIONALLY,
        WEIGHT_CLASSES | CLEAN_CONDITIONALLY,
        CLEAN_CONDITIONALLY,
        0,
    };
    size_t best_length = 0;
    for (size_t a = 0; a < COUNT(attempts); a++) {
        s.options = attempts[a];
        compute_exclusions_and_totals(&s);
        score_paragraphs(&s);
        choose_story(&s);
        clean_story(&s, in_data_table);
        size_t length = collect(&s);
        if (a == 0 || length > best_length) {
            best_length = length;
            for (size_t b = 0; b < page->block_count; b++)
                best_keep[b] = page->blocks[b].keep;
        }
        if (length >= ENOUGH_STORY_CHARS)
            break;
    }
    for (size_t b = 0; b < page->block_count; b++)
        page->blocks[b].keep = best_keep[b];
done:
    free(always);
    free(flags);
    free(best_keep);
    free(s.sum);
    free(s.kept);
    free(s.score);
    free(s.first_block);
    free(s.chosen_block);
    return status;
}
