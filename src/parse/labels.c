/* labels.c: reads a speaker label at the start of a line ("ANTHONY KUHN,
 * BYLINE:", "Jerod Santo:", "Lenny (00:03):", "Q:") and counts labels over a
 * document, so that only label shapes and names that recur are believed. */
#include "parse_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"

/* Longest stretches tts_label_parse looks at: keeps it bounded per call. */
#define MAX_WORD 64
#define MAX_WORDS 7
#define MAX_TITLE_WORDS 5
#define MAX_AFTER 200

/* Words before a colon that never name a speaker (compared upper-cased):
 * editors' notes, and a show's production parts ("Jingle:", "Ad:", "Intro:"). */
static const char *const not_speaker_names[] = {
    "A.K.A", "ABSTRACT", "AD", "AD BREAK", "AD READ", "ADS", "ADVERTISEMENT", "AIRED", "ALERT",
    "ALSO", "ANALYSIS", "APPENDIX", "APPLAUSE", "AUDIO", "AUTHOR", "BACKGROUND",
    "BACKGROUND MUSIC", "BONUS", "BOTTOM LINE", "BREAK", "BREAKING", "BREAKING NEWS", "BUMPER",
    "BY", "CAPTION", "CATEGORIES", "CATEGORY", "CC", "CHAPTER", "CHAPTERS", "CLARIFICATION",
    "CLIP", "COLD OPEN", "COMMENTS", "CONCLUSION", "CONTACT", "CONTENT WARNING", "CONTEXT",
    "COPYRIGHT", "CORRECTION", "CORRECTIONS", "COST", "CREDIT", "CREDITS", "DATE", "DISCLAIMER",
    "DISCLOSURE", "DURATION", "E-MAIL", "EDITOR'S NOTE", "EDITORS NOTE", "EMAIL", "EPISODE",
    "EVENTS", "EXAMPLE", "EXCLUSIVE", "FACEBOOK", "FAX", "FIGURE", "FIND US", "FOOTNOTE",
    "FOOTNOTES", "FROM", "FULL DISCLOSURE", "FYI", "GUESTS", "HINT", "HOSTS", "HTTP", "HTTPS",
    "IMAGE", "IMPORTANT", "INSTAGRAM", "INTERLUDE", "INTRO", "INTRODUCTION", "JINGLE", "KEYWORDS",
    "LANGUAGE", "LAUGHTER", "LENGTH", "LINKS", "LISTEN", "LOCATION", "MAP", "MID-ROLL", "MIDROLL",
    "MUSIC", "NEWS", "NOTE", "NOTES", "OUTRO", "P.S", "P.S.", "PART", "PHONE", "PHOTO", "PHOTOS",
    "POSTED", "POSTROLL", "PRE-ROLL", "PREROLL", "PRICE", "PROMO", "PS", "PUBLISHED", "RATING",
    "RE", "READ MORE", "RECAP", "REFERENCES", "RELATED", "RELEASED", "RESOURCES", "REVIEW",
    "RUNTIME", "RUSH TRANSCRIPT", "SCORE", "SECTION", "SEE ALSO", "SEGMENT", "SFX", "SHARE",
    "SHOW NOTES", "SOUND", "SOUND EFFECT", "SOUND EFFECTS", "SOUNDBITE", "SOURCE", "SOURCES",
    "SPOILER", "SPOILERS", "SPONSOR", "SPONSORS", "STEP", "STING", "SUBJECT", "SUBSCRIBE",
    "SUMMARY", "TABLE", "TAG", "TAGS", "TEASER", "TEL", "THEME", "THEME MUSIC", "TIME",
    "TIMESTAMPS", "TIP", "TITLE", "TL;DR", "TLDR", "TO", "TOPIC", "TOPICS", "TRAILER",
    "TRANSCRIBED BY", "TRANSITION", "TRANSLATED BY", "TRANSLATION", "TRIGGER WARNING", "TWITTER",
    "UPDATE", "UPDATED", "VIDEO", "WARNING", "WATCH", "WEBSITE", "WHEN", "WHERE",
};

/* Titles dropped from the front of a name (the label as written keeps them). */
static const char *const honorifics[] = {
    "ADM.", "AMB.", "CAPT.", "COL.", "DR.", "GEN.", "GOV.", "GOVERNOR", "JUDGE", "LT.", "MAYOR",
    "MISS", "MR.", "MRS.", "MS.", "PRESIDENT", "PROF.", "PROFESSOR", "REP.", "REV.", "REVEREND",
    "SECRETARY", "SEN.", "SENATOR", "SGT.",
};

/* Lower-case words that may stand inside a name: "Ludwig van Beethoven". */
static const char *const name_particles[] = {
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "ibn",
    "la", "le", "van", "von", "y",
};

static bool in_list(const char *const *list, size_t count, const char *word, size_t length)
{
    int first = toupper((unsigned char)word[0]);
    for (size_t i = 0; i < count; i++)
        if (toupper((unsigned char)list[i][0]) == first && strncasecmp(list[i], word, length) == 0 &&
            list[i][length] == '\0')
            return true;
    return false;
}

#define IN_LIST(list, word, length) in_list(list, sizeof list / sizeof list[0], word, length)

void tts_label_upper_key(char *out, size_t size, const char *text, size_t length)
{
    tts_parse_upper_key(out, size, text, length);
}

size_t tts_label_timestamp_length(const char *text)
{
    size_t i = 0, groups = 0;
    for (;;) {
        size_t digits = 0;
        while (isdigit((unsigned char)text[i]) && digits < 3) {
            i++;
            digits++;
        }
        if (digits == 0 || isdigit((unsigned char)text[i]) || (groups > 0 && digits != 2))
            return 0;
        groups++;
        if (text[i] == ':' && groups < 3 && isdigit((unsigned char)text[i + 1]))
            i++;
        else
            break;
    }
    if (groups < 2)
        return 0;
    if ((text[i] == '.' || text[i] == ',') && isdigit((unsigned char)text[i + 1])) {
        i++;
        for (size_t digits = 0; isdigit((unsigned char)text[i]) && digits < 3; digits++)
            i++;
    }
    return i;
}

static bool is_word_byte(unsigned char c)
{
    /* '_' joins diarizer ids: "SPEAKER_00". */
    return isalnum(c) || c == '.' || c == '\'' || c == '`' || c == '-' || c == '#' || c == '&' ||
           c == '_' || c >= 0x80;
}

/* Skips a balanced parenthesis at text[start] == '('; returns the index after
 * its ')' or 0 when it does not close within MAX_AFTER bytes. */
static size_t skip_parenthesis(const char *text, size_t start)
{
    int depth = 0;
    bool quoted = false;
    for (size_t k = start; text[k] && k < start + MAX_AFTER; k++) {
        if (text[k] == '"')
            quoted = !quoted;
        else if (!quoted && text[k] == '(')
            depth++;
        else if (!quoted && text[k] == ')' && --depth == 0)
            return k + 1;
    }
    return 0;
}

typedef struct word_span {
    size_t start, length;
} word_span;

typedef struct word_case {
    bool has_lower, has_upper, starts_upper, has_digit;
    size_t uppers;
} word_case;

static word_case classify_word(const char *word, size_t length)
{
    word_case result = {0};
    for (size_t i = 0; i < length;) {
        size_t bytes;
        tts_parse_letter letter = tts_parse_letter_at(word + i, length - i, &bytes);
        /* A letter without case (Han, Arabic ...) reads like a capitalized
         * word's: a name in title shape, never the upper-case shape. */
        if (i == 0)
            result.starts_upper = letter == TTS_PARSE_UPPER || letter == TTS_PARSE_UNCASED;
        result.has_lower |= letter == TTS_PARSE_LOWER || letter == TTS_PARSE_UNCASED;
        result.has_upper |= letter == TTS_PARSE_UPPER;
        result.has_digit |= isdigit((unsigned char)word[i]) != 0;
        result.uppers += letter == TTS_PARSE_UPPER;
        i += bytes;
    }
    return result;
}

/* Titles written in title case before an upper-case surname: "Mr. LIMAN",
 * "Chairman INOUYE", "Chief Justice ROBERTS", "The PRESIDING OFFICER" (the
 * style of hearing records, court transcripts and the Congressional Record). */
static bool is_mixed_case_honorific(const char *word, size_t length)
{
    static const char *const mixed[] = {
        "Mr.", "Ms.", "Mrs.", "Dr.", "Miss", "Madam", "Chairman", "Chairwoman", "Chair",
        "Senator", "Sen.", "Representative", "Rep.", "Judge", "Justice", "Chief", "General",
        "Gen.", "Hon.", "The", "Governor", "Gov.", "Secretary", "Ambassador", "Admiral", "Prof.",
        "Rev.",
    };
    for (size_t i = 0; i < sizeof mixed / sizeof mixed[0]; i++)
        if (strlen(mixed[i]) == length && strncmp(mixed[i], word, length) == 0)
            return true;
    return false;
}

/* How many words in front are such titles (at most two, and never all). */
static size_t leading_titles(const char *text, const word_span *words, size_t count)
{
    size_t titles = 0;
    while (titles < 2 && titles + 1 < count &&
           is_mixed_case_honorific(text + words[titles].start, words[titles].length))
        titles++;
    return titles;
}

/* Words a play writes in title case before a role in capitals: "Young
 * MARCIUS", "First SENATOR". They stay part of the name (the son is not the
 * father), but the capitals after them make the label upper-case. */
static const char *const role_qualifiers[] = {
    "All", "Another", "Both", "Eighth", "Fifth", "First", "Fourth", "Little", "Ninth", "Old",
    "Second", "Seventh", "Sixth", "Tenth", "Third", "Young",
};

static size_t leading_qualifiers(const char *text, const word_span *words, size_t count)
{
    size_t qualifiers = 0;
    while (qualifiers < 2 && qualifiers + 1 < count &&
           IN_LIST(role_qualifiers, text + words[qualifiers].start, words[qualifiers].length))
        qualifiers++;
    return qualifiers;
}

/* ", &c." / ", etc." closing a play's group label ("Senators, &c.:"): the
 * group and its followers, one label as written, not a role. Its length. */
static size_t et_cetera_length(const char *text)
{
    static const char *const forms[] = {", &c.", ", &C.", ", &c", ", &C", ", etc.", ", ETC."};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strncmp(text, forms[i], strlen(forms[i])) == 0 && text[strlen(forms[i])] == ':')
            return strlen(forms[i]);
    return 0;
}

/* "LIMAN.", "Goring.": a name word then a period, not an abbreviation
 * ("Mrs.", "St.", "J.") that a name goes on after. */
static bool is_period_name(const char *word, size_t length)
{
    if (length < 4 || word[length - 1] != '.' || is_mixed_case_honorific(word, length) ||
        IN_LIST(honorifics, word, length))
        return false;
    for (size_t i = 0; i + 1 < length; i++)
        if (!(isalpha((unsigned char)word[i]) || (unsigned char)word[i] >= 0x80 ||
              word[i] == '\'' || word[i] == '-'))
            return false;
    return true;
}

/* A title-case name word: "Jerod", "St.", "O'Neil", "deGrasse", "J.", a particle. */
static bool is_title_word(const char *word, size_t length, bool edge)
{
    word_case shape = classify_word(word, length);
    if (shape.has_digit || word[length - 1] == '-' || word[0] == '-' || word[0] == '\'')
        return false;
    if (shape.starts_upper && shape.has_lower)
        return true;
    if (shape.starts_upper && length == 2 && word[1] == '.')
        return true; /* an initial */
    if (!shape.starts_upper && shape.has_upper && !edge)
        return true; /* "deGrasse" */
    if (!shape.has_upper && !edge)
        return IN_LIST(name_particles, word, length);
    /* A short all-caps word inside a title-case name: "DJ", "JR." */
    return shape.starts_upper && !shape.has_lower && length <= 3;
}

/* Cuts `role` at its last sentence end and copies the upper-case words after
 * it into role_tail: 'MEDIA CRITIC, "WASHINGTON POST." COSTELLO' -> COSTELLO.
 * Such a role is two labels run together; the caller decides which is real. */
static void find_role_tail(label *out)
{
    const char *role = out->role;
    const char *tail = NULL;
    for (const char *p = role; *p; p++)
        if (p[0] == '.' && (p[1] == ' ' || (p[1] == '"' && p[2] == ' ')))
            tail = p + (p[1] == ' ' ? 2 : 3);
    if (tail == NULL || *tail == '\0')
        return;
    size_t letters = 0;
    for (const char *p = tail; *p; p++) {
        if (islower((unsigned char)*p) || !(is_word_byte((unsigned char)*p) || *p == ' '))
            return;
        letters += isupper((unsigned char)*p) != 0;
    }
    if (letters >= 2 && strlen(tail) < sizeof out->role_tail)
        strcpy(out->role_tail, tail);
}

/* Reads the ", ROLE" of an upper-case label up to its colon; returns the
 * index of the colon or 0. */
static size_t read_role(const char *text, size_t comma, label *out)
{
    size_t start = comma + 1;
    while (text[start] == ' ')
        start++;
    size_t k = start;
    while (text[k] && text[k] != ':' && k - start < MAX_AFTER) {
        if (text[k] == '(') {
            size_t after = skip_parenthesis(text, k);
            if (after == 0)
                return 0;
            k = after;
        } else if (text[k] == '"') {
            size_t close = k + 1;
            while (text[close] && text[close] != '"' && close - k < MAX_AFTER)
                close++;
            if (text[close] != '"')
                return 0;
            k = close + 1;
        } else {
            k++;
        }
    }
    if (text[k] != ':' || k == start)
        return 0;
    /* "HOST (voice-over)" -> "HOST" */
    size_t kept = k - start;
    const char *paren = memchr(text + start, '(', kept);
    if (paren != NULL)
        kept = (size_t)(paren - (text + start));
    while (kept > 0 && text[start + kept - 1] == ' ')
        kept--;
    if (kept == 0 || kept >= sizeof out->role)
        return 0;
    memcpy(out->role, text + start, kept);
    out->role[kept] = '\0';
    out->has_role = true;
    find_role_tail(out);
    return k;
}

/* Copies the name words into out->name, without leading honorifics. */
static bool store_name(const char *text, const word_span *words, size_t count, label *out)
{
    size_t first = 0;
    while (first + 1 < count &&
           (IN_LIST(honorifics, text + words[first].start, words[first].length) ||
            is_mixed_case_honorific(text + words[first].start, words[first].length)))
        first++;
    size_t n = 0;
    for (size_t w = first; w < count; w++) {
        if (n + words[w].length + 2 >= sizeof out->name)
            return false;
        if (n > 0)
            out->name[n++] = ' ';
        for (size_t k = 0; k < words[w].length; k++) {
            char c = text[words[w].start + k];
            out->name[n++] = c == '_' ? ' ' : c; /* SPEAKER_00 -> SPEAKER 00 */
        }
    }
    out->name[n] = '\0';
    return n > 0;
}

static bool is_not_speaker(const char *name)
{
    char key[sizeof ((label *)0)->name];
    tts_label_upper_key(key, sizeof key, name, strlen(name));
    if (strncmp(key, "TRANSCRIPT", 10) == 0)
        return true;
    return IN_LIST(not_speaker_names, key, strlen(key));
}

/* "(00:47):" alone, or the "[00:01:23] " before a name; returns the index
 * after it (0 when there is none). */
static size_t leading_timestamp(const char *text, label *out, bool *alone)
{
    *alone = false;
    if (text[0] != '(' && text[0] != '[')
        return 0;
    char close = text[0] == '(' ? ')' : ']';
    size_t length = tts_label_timestamp_length(text + 1);
    if (length == 0 || text[1 + length] != close)
        return 0;
    size_t k = length + 2;
    if (text[k] == ':')
        k++;
    if (text[k] == '\0') {
        out->shape = LABEL_TIMESTAMP;
        out->length = k;
        *alone = true;
        return k;
    }
    return text[k] == ' ' ? k + 1 : 0;
}

/* A time in brackets after a bracketed name: "[01:23]", "[01:01:59]", or a
 * diarizer's span of seconds "[0.03 - 22.88]"; returns its length or 0. */
static size_t bracketed_time_length(const char *text)
{
    if (text[0] != '[')
        return 0;
    size_t stamp = tts_label_timestamp_length(text + 1);
    if (stamp > 0)
        return text[1 + stamp] == ']' ? stamp + 2 : 0;
    size_t i = 1;
    for (int part = 0; part < 2; part++) {
        size_t digits = strspn(text + i, "0123456789");
        if (digits == 0 || digits > 6 || text[i + digits] != '.')
            return 0;
        i += digits + 1;
        size_t decimals = strspn(text + i, "0123456789");
        if (decimals == 0 || decimals > 3)
            return 0;
        i += decimals;
        if (part == 0) {
            if (strncmp(text + i, " - ", 3) != 0)
                return 0;
            i += 3;
        }
    }
    return text[i] == ']' ? i + 1 : 0;
}

/* "[Bryan Cantrill] [00:02] text", "[SPEAKER_01] [0.03 - 22.88] text": a
 * diarizer's segment. The name inside the brackets must read as a label on
 * its own, and the time must follow, so "[laughs] ..." stays text. */
static bool bracketed_label(const char *text, label *out)
{
    size_t close = 1;
    while (text[close] && text[close] != ']' && text[close] != '[' && close < MAX_WORD * 2)
        close++;
    if (text[close] != ']' || close == 1 || text[close + 1] != ' ')
        return false;
    size_t time = bracketed_time_length(text + close + 2);
    if (time == 0)
        return false;
    char inner[MAX_WORD * 2 + 4];
    snprintf(inner, sizeof inner, "%.*s:", (int)(close - 1), text + 1);
    if (!tts_label_parse(inner, out) || out->length != strlen(inner) ||
        (out->shape != LABEL_UPPER && out->shape != LABEL_TITLE && out->shape != LABEL_NOT_SPEAKER))
        return false;
    if (out->shape != LABEL_NOT_SPEAKER)
        out->shape = LABEL_TIMED;
    size_t after = close + 2 + time;
    out->length = after + (text[after] == ' ');
    return text[after] == ' ' || text[after] == '\0';
}

/* "Adam Jonas (AJ):" introduces the initials the transcript labels him
 * with later: a note of two to five capitals that are the name's initials. */
static void read_initials(label *out, const char *note, size_t length)
{
    if (length < 2 || length > 5 || length >= sizeof out->initials)
        return;
    size_t w = 0;
    for (const char *p = out->name; *p && w <= length; w++) {
        if (w == length || toupper((unsigned char)*p) != note[w] || !isupper((unsigned char)note[w]))
            return;
        p += strcspn(p, " ");
        p += strspn(p, " ");
    }
    if (w != length)
        return;
    memcpy(out->initials, note, length);
    out->initials[length] = '\0';
}

/* "II. " or "12. " before a label: a section number or a page's numbering
 * run into the text (seen in OCR'd and MediaSum transcripts: "II. UNIDENTIFIED
 * FEMALE:"); returns its length with the space, or 0. Single letters are
 * initials ("H. CLINTON"), so only numbers and Roman numerals of two or more. */
static size_t junk_prefix_length(const char *text)
{
    size_t roman = strspn(text, "IVXLC"), digits = strspn(text, "0123456789");
    size_t length = roman >= 2 ? roman : digits > 0 && digits <= 3 ? digits : 0;
    if (length == 0 || text[length] != '.' || text[length + 1] != ' ' ||
        !isupper((unsigned char)text[length + 2]))
        return 0;
    return length + 2;
}

static bool parse_label_at(const char *text, label *out);

/* An en or em dash: the bytes it takes, or 0. */
static size_t dash_length(const char *text)
{
    return strncmp(text, "\xE2\x80\x93", 3) == 0 || strncmp(text, "\xE2\x80\x94", 3) == 0 ? 3 : 0;
}

/* ">> host: how did you ...": broadcast closed captions (C-SPAN, network
 * news) open each change of speaker with chevrons, and caption text is often
 * all lower or all upper case; after chevrons, one to three words of any
 * case before a colon are the speaker. */
static bool chevron_label(const char *text, label *out)
{
    size_t i = 0, words = 0;
    while (words < 3) {
        size_t start = i;
        while (isalpha((unsigned char)text[i]) || text[i] == '\'' || text[i] == '.')
            i++;
        if (i == start || i - start > 20 || !isalpha((unsigned char)text[start]))
            return false;
        words++;
        if (text[i] == ' ' && isalpha((unsigned char)text[i + 1]))
            i++;
        else
            break;
    }
    if (text[i] != ':' || (text[i + 1] != ' ' && text[i + 1] != '\0'))
        return false;
    snprintf(out->raw, sizeof out->raw, "%.*s", (int)i, text);
    for (size_t k = 0; k <= i && k < sizeof out->name; k++)
        out->name[k] = k < i ? (char)toupper((unsigned char)text[k]) : '\0';
    out->shape = LABEL_UPPER;
    out->length = i + 1 + (text[i + 1] == ' ');
    return true;
}

bool tts_label_parse(const char *text, label *out)
{
    if (text[0] == '>' && text[1] == '>' && text[2] == ' ') {
        out->prefix = 0;
        if (parse_label_at(text + 3, out) || chevron_label(text + 3, out)) {
            out->length += 3;
            return true;
        }
        return false;
    }
    size_t prefix = junk_prefix_length(text);
    if (prefix > 0 && parse_label_at(text + prefix, out) && out->shape == LABEL_UPPER) {
        out->length += prefix;
        out->prefix = prefix;
        return true;
    }
    bool found = parse_label_at(text, out);
    out->prefix = 0;
    return found;
}

static bool parse_label_at(const char *text, label *out)
{
    /* Called at many positions: clear only what is read back, not the buffers. */
    out->shape = LABEL_NONE;
    out->name[0] = out->raw[0] = out->role[0] = out->role_tail[0] = out->initials[0] = '\0';
    out->length = 0;
    out->has_role = out->period = out->ends_in_period = out->titled_period = out->dashed = false;
    bool alone;
    size_t i = leading_timestamp(text, out, &alone);
    if (alone)
        return true;
    if (i == 0 && text[0] == '[' && bracketed_label(text, out))
        return true;
    bool timed = i > 0;

    if ((text[i] == 'Q' || text[i] == 'A') && text[i + 1] == ':' &&
        (text[i + 2] == ' ' || text[i + 2] == '\0')) {
        out->shape = text[i] == 'Q' ? LABEL_QUESTION : LABEL_ANSWER;
        out->name[0] = out->raw[0] = text[i];
        out->name[1] = out->raw[1] = '\0';
        out->length = i + 2 + (text[i + 2] == ' ');
        return true;
    }
    /* "Q    Just a quick follow on that?": White House and press-conference
     * transcripts mark the reporters' questions with a bare Q (a tab or run
     * of spaces in the page, one space here), the answers with names. */
    if (text[i] == 'Q' && text[i + 1] == ' ' &&
        (isupper((unsigned char)text[i + 2]) || text[i + 2] == '"' ||
         (unsigned char)text[i + 2] == 0xE2 /* a curly quote */)) {
        out->shape = LABEL_QUESTION;
        out->name[0] = out->raw[0] = 'Q';
        out->name[1] = out->raw[1] = '\0';
        out->length = i + 2;
        return true;
    }

    size_t name_start = i;
    bool period_label = false;
    word_span words[MAX_WORDS];
    size_t count = 0;
    for (;;) {
        size_t start = i;
        while (is_word_byte((unsigned char)text[i]) && i - start < MAX_WORD)
            i++;
        if (i == start || is_word_byte((unsigned char)text[i]) || count == MAX_WORDS)
            return false;
        words[count++] = (word_span){start, i - start};
        /* "Mr. LIMAN. Would it ...", "Lord Goring. Good evening": the period
         * ends the label (the titled upper-case form stands on its own; the
         * title-case form only where the document labels the name with a colon). */
        if ((text[i] == ' ' || text[i] == '\0') && is_period_name(text + start, i - start)) {
            period_label = true;
            words[count - 1].length--;
            break;
        }
        /* Words go on after one space, unless a timestamp or a dash comes next. */
        if (text[i] == ' ' && is_word_byte((unsigned char)text[i + 1]) && text[i + 1] != '-' &&
            dash_length(text + i + 1) == 0 && tts_label_timestamp_length(text + i + 1) == 0)
            i++;
        else
            break;
    }
    size_t raw_end = period_label ? i - 1 : i;

    /* Notes after the name: "(voice-over)", "(D-NY)", "(V.O.)(CONT'D)", "(00:03)". */
    size_t note_start = 0, note_length = 0;
    while ((text[i] == ' ' && text[i + 1] == '(') || text[i] == '(') {
        size_t open = text[i] == ' ' ? i + 1 : i;
        size_t stamp = tts_label_timestamp_length(text + open + 1);
        if (stamp > 0 && text[open + 1 + stamp] == ')') {
            timed = true;
            i = open + stamp + 2;
            continue;
        }
        size_t after = skip_parenthesis(text, open);
        if (after == 0)
            return false;
        if (note_start == 0) {
            note_start = open + 1;
            note_length = after - open - 2;
        }
        i = raw_end = after;
    }
    /* "Name  00:01:23" on its own line (or before the text), without a colon. */
    size_t stamp = text[i] == ' ' ? tts_label_timestamp_length(text + i + 1) : 0;
    bool colon_needed = true;
    if (stamp > 0 && (text[i + 1 + stamp] == '\0' || text[i + 1 + stamp] == ' ')) {
        timed = true;
        colon_needed = false;
        i += 1 + stamp;
    }

    /* Which shape do the words have? */
    bool upper = true, title = count <= MAX_TITLE_WORDS;
    size_t uppers = 0, titles = leading_titles(text, words, count);
    size_t before_capitals = titles > 0 ? titles : leading_qualifiers(text, words, count);
    for (size_t w = 0; w < count; w++) {
        const char *word = text + words[w].start;
        size_t length = words[w].length;
        word_case shape = classify_word(word, length);
        bool edge = w == 0 || w + 1 == count;
        if (w >= before_capitals) {
            upper &= !shape.has_lower;
            uppers += shape.uppers;
        }
        /* "Speaker 2", "Caller #3": a number may end a title-case name. */
        bool number = w > 0 && w + 1 == count && strspn(word, "#0123456789") == length;
        title &= number || is_title_word(word, length, edge);
    }
    upper &= uppers >= 2;
    if (!upper && !title)
        return false;

    size_t et_cetera = colon_needed && !period_label ? et_cetera_length(text + i) : 0;
    size_t et_cetera_start = i;
    if (et_cetera > 0) {
        i += et_cetera;
        raw_end = i;
    } else if (text[i] == ',' && upper && colon_needed) {
        i = read_role(text, i, out);
        if (i == 0)
            return false;
        raw_end = i;
    }
    if (period_label) {
        /* "Mr. LIMAN." needs its title; "Lord Goring." the census (see period). */
        if (upper && titles == 0)
            upper = false;
        if (!upper && !title)
            return false;
        out->period = !upper;
        out->titled_period = !upper && titles > 0;
        out->ends_in_period = true;
        colon_needed = false;
    }
    /* "ANASTASIA – So. What signals": radio-play and interview scripts set a
     * dash where others set the colon; believed only when the document
     * labels several people so (see dashed). */
    if (colon_needed && upper && count <= 3 && text[i] == ' ' && dash_length(text + i + 1) &&
        text[i + 4] == ' ') {
        out->dashed = true;
        colon_needed = false;
        i += 4;
    }
    if (colon_needed) {
        /* "Claire Waite Brown:Welcome back" (Captivate and other podcast
         * hosts' exports): a name of two words or more glued to a capital. */
        bool glued = count >= 2 && !timed && text[i] == ':' && isupper((unsigned char)text[i + 1]);
        if (text[i] != ':' || (text[i + 1] != ' ' && text[i + 1] != '\0' && !glued))
            return false;
        i++;
    }
    if (!store_name(text, words, count, out))
        return false;
    if (et_cetera > 0) {
        size_t n = strlen(out->name);
        if (n + et_cetera >= sizeof out->name)
            return false;
        memcpy(out->name + n, text + et_cetera_start, et_cetera);
        out->name[n + et_cetera] = '\0';
    }
    if (note_start > 0)
        read_initials(out, text + note_start, note_length);
    size_t raw_length = raw_end - name_start;
    if (raw_length >= sizeof out->raw)
        return false;
    memcpy(out->raw, text + name_start, raw_length);
    out->raw[raw_length] = '\0';
    out->length = i + (text[i] == ' ');
    if (is_not_speaker(out->name))
        out->shape = LABEL_NOT_SPEAKER;
    else
        out->shape = timed ? LABEL_TIMED : upper ? LABEL_UPPER : LABEL_TITLE;
    return true;
}

/* ---- the census ---- */

typedef struct counted_name {
    char *key;
    size_t count;
} counted_name;

struct label_census {
    counted_name *slots;
    size_t slot_count, used;
    size_t shapes[LABEL_SHAPE_COUNT];
    size_t upper_with_role;
    size_t initials;         /* upper-case labels that are initials: "BB:" */
    bool initials_in_qa;     /* believed as speakers among Q:/A: labels */
    size_t titled_periods;   /* "Mr. Linder." labels */
    char first_titled[160];  /* the first one's name */
    bool titled_names_differ; /* ... and another person's */
    size_t dashed;           /* "ANASTASIA –" labels */
    char first_dashed[160];
    bool dashed_names_differ;
    bool accepted[LABEL_SHAPE_COUNT];
    label_shape primary;
};

static size_t hash_key(const char *key)
{
    size_t hash = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return hash;
}

static counted_name *find_slot(counted_name *slots, size_t slot_count, const char *key)
{
    size_t i = hash_key(key) & (slot_count - 1);
    while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (slot_count - 1);
    return &slots[i];
}

static bool count_key(label_census *census, const char *key)
{
    if ((census->used + 1) * 2 > census->slot_count) {
        size_t wanted = census->slot_count ? census->slot_count * 2 : 64;
        counted_name *grown = calloc(wanted, sizeof *grown);
        if (grown == NULL)
            return false;
        for (size_t i = 0; i < census->slot_count; i++)
            if (census->slots[i].key != NULL)
                *find_slot(grown, wanted, census->slots[i].key) = census->slots[i];
        free(census->slots);
        census->slots = grown;
        census->slot_count = wanted;
    }
    counted_name *slot = find_slot(census->slots, census->slot_count, key);
    if (slot->key == NULL) {
        slot->key = tts_strndup(key, strlen(key));
        if (slot->key == NULL)
            return false;
        census->used++;
    }
    slot->count++;
    return true;
}

static size_t key_count(const label_census *census, const char *key)
{
    if (census->slot_count == 0)
        return 0;
    const counted_name *slot = find_slot(census->slots, census->slot_count, key);
    return slot->key ? slot->count : 0;
}

label_census *tts_label_census_new(void)
{
    return calloc(1, sizeof(label_census));
}

void tts_label_census_free(label_census *census)
{
    if (census == NULL)
        return;
    for (size_t i = 0; i < census->slot_count; i++)
        free(census->slots[i].key);
    free(census->slots);
    free(census);
}

static bool is_name_shape(label_shape shape)
{
    return shape == LABEL_UPPER || shape == LABEL_TITLE || shape == LABEL_TIMED;
}

/* The three keys a name is counted under: "=FULL NAME", "<SURNAME", ">FIRST". */
static void name_keys(const char *name, char full[], char last[], char first[], size_t size)
{
    full[0] = '=';
    tts_label_upper_key(full + 1, size - 1, name, strlen(name));
    const char *space = strrchr(full + 1, ' ');
    snprintf(last, size, "<%s", space ? space + 1 : full + 1);
    const char *first_space = strchr(full + 1, ' ');
    size_t first_length = first_space ? (size_t)(first_space - (full + 1)) : strlen(full + 1);
    snprintf(first, size, ">%.*s", (int)first_length, full + 1);
}

bool tts_label_is_sound_part(const label *found)
{
    static const char *const sounds[] = {
        "SFX", "SOUND", "SOUND EFFECT", "SOUND EFFECTS", "MUSIC", "BACKGROUND MUSIC",
        "THEME MUSIC", "STING", "APPLAUSE", "LAUGHTER", "AUDIO", "BUMPER", "TRANSITION",
    };
    char key[sizeof found->name];
    tts_label_upper_key(key, sizeof key, found->name, strlen(found->name));
    return found->shape == LABEL_NOT_SPEAKER && IN_LIST(sounds, key, strlen(key));
}

bool tts_label_is_initials(const label *found)
{
    size_t length = strlen(found->name);
    if (found->shape != LABEL_UPPER || found->has_role || length < 2 || length > 3)
        return false;
    for (size_t i = 0; i < length; i++)
        if (found->name[i] < 'A' || found->name[i] > 'Z')
            return false;
    return true;
}

bool tts_label_census_add(label_census *census, const label *found)
{
    if (found->dashed) {
        if (census->dashed++ == 0)
            snprintf(census->first_dashed, sizeof census->first_dashed, "%s", found->name);
        else if (strcasecmp(census->first_dashed, found->name) != 0)
            census->dashed_names_differ = true;
        return true;
    }
    if (found->period) {
        /* Evidence for nothing but its own kind: it borrows the colon labels'. */
        if (found->titled_period) {
            if (census->titled_periods++ == 0)
                snprintf(census->first_titled, sizeof census->first_titled, "%s", found->name);
            else if (strcasecmp(census->first_titled, found->name) != 0)
                census->titled_names_differ = true;
        }
        return true;
    }
    census->shapes[found->shape]++;
    if (found->shape == LABEL_UPPER && found->has_role)
        census->upper_with_role++;
    census->initials += tts_label_is_initials(found);
    if (!is_name_shape(found->shape))
        return true;
    char full[200], last[200], first[200];
    name_keys(found->name, full, last, first, sizeof full);
    if (found->initials[0]) {
        /* "AJ:" later is a label of the same person. */
        char initials[sizeof found->initials + 1];
        snprintf(initials, sizeof initials, "=%s", found->initials);
        if (!count_key(census, initials))
            return false;
    }
    return count_key(census, full) && count_key(census, last) && count_key(census, first);
}

size_t tts_label_census_name_count(const label_census *census, const char *name)
{
    char full[200], last[200], first[200];
    name_keys(name, full, last, first, sizeof full);
    return key_count(census, full);
}

bool tts_label_census_recurs(const label_census *census, const label *found)
{
    char full[200], last[200], first[200];
    name_keys(found->name, full, last, first, sizeof full);
    size_t same_name = key_count(census, full);
    if (same_name >= 2)
        return true;
    if (found->initials[0]) {
        char initials[sizeof found->initials + 1];
        snprintf(initials, sizeof initials, "=%s", found->initials);
        if (key_count(census, initials) >= 2)
            return true;
    }
    /* "ANTHONY KUHN" recurs as "KUHN", "Bekah Hawrot Weigel" as "Bekah". */
    if (strchr(found->name, ' ') != NULL) {
        char first_alone[200];
        snprintf(first_alone, sizeof first_alone, "=%s", first + 1);
        return key_count(census, last) >= 2 || key_count(census, first_alone) >= 1;
    }
    char as_first[200];
    snprintf(as_first, sizeof as_first, ">%s", full + 1);
    return key_count(census, last) + key_count(census, as_first) - same_name >= 2;
}

void tts_label_census_decide(label_census *census, size_t recurring_title_labels)
{
    const size_t *shapes = census->shapes;
    bool qa_ok = shapes[LABEL_QUESTION] >= 1 && shapes[LABEL_ANSWER] >= 1 &&
                 shapes[LABEL_QUESTION] + shapes[LABEL_ANSWER] >= 3;
    /* "BB:" among "Q:" and "A:": a third person at the talk's questions, in
     * the Q/A convention's own style; the talk stays a talk. */
    census->initials_in_qa = qa_ok && census->initials > 0 && census->initials == shapes[LABEL_UPPER];
    bool upper_ok = !census->initials_in_qa &&
                    (shapes[LABEL_UPPER] >= 2 || census->upper_with_role >= 1);
    bool title_ok = shapes[LABEL_TITLE] >= 2 && recurring_title_labels >= 2;
    bool timed_ok = shapes[LABEL_TIMED] >= 2;
    census->primary = LABEL_NONE;
    size_t best = 0;
    /* Ties go to the stricter shape. */
    const struct {
        label_shape shape;
        bool ok;
    } order[] = {{LABEL_TIMED, timed_ok}, {LABEL_UPPER, upper_ok}, {LABEL_TITLE, title_ok}};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (order[i].ok && shapes[order[i].shape] > best) {
            best = shapes[order[i].shape];
            census->primary = order[i].shape;
        }
    memset(census->accepted, 0, sizeof census->accepted);
    census->accepted[census->primary] = census->primary != LABEL_NONE;
    census->accepted[LABEL_TIMESTAMP] = census->primary == LABEL_TIMED;
    census->accepted[LABEL_QUESTION] = census->accepted[LABEL_ANSWER] = qa_ok;
    /* Questions answered under names ("Q ..." / "MR. CARNEY: ..."): the Qs
     * are the reporters when they recur among the document's own labels. */
    if (!qa_ok && shapes[LABEL_QUESTION] >= 2 && shapes[LABEL_ANSWER] == 0 &&
        census->primary != LABEL_NONE)
        census->accepted[LABEL_QUESTION] = true;
    census->accepted[LABEL_NOT_SPEAKER] = true;
}

bool tts_label_census_believes(const label_census *census, const label *found)
{
    label_shape shape = found->shape;
    if (shape == LABEL_NONE)
        return false;
    /* "Mr. Linder. The meeting will come to order." ... "Mr. McGovern. Thank
     * you": hearing records label every member by honorific and surname
     * with a period; three such labels for two people or more are the
     * document's convention, without a colon label to borrow from. */
    if (found->titled_period && census->titled_periods >= 3 && census->titled_names_differ)
        return true;
    /* A dateline ("WASHINGTON – The Senate ...") opens an article once; a
     * script's dashed labels recur for two people or more. */
    if (found->dashed)
        return census->dashed >= 4 && census->dashed_names_differ;
    if (found->period)
        return census->accepted[shape] && tts_label_census_name_count(census, found->name) >= 2;
    /* "The NBA." answering a question is no label: "Mrs. SMITH." recurs. */
    if (found->ends_in_period && !tts_label_census_recurs(census, found))
        return false;
    if (census->accepted[shape])
        return true;
    if (census->initials_in_qa && tts_label_is_initials(found))
        return true;
    /* With name labels believed, a timestamp only adds to the evidence, and
     * "Kuhn:" among "KUHN:" labels is the same person written another way. */
    bool named = shape == LABEL_UPPER || shape == LABEL_TITLE || shape == LABEL_TIMED;
    return named && census->primary != LABEL_NONE &&
           (shape == LABEL_TIMED || tts_label_census_recurs(census, found));
}

label_shape tts_label_census_primary(const label_census *census)
{
    return census->primary;
}
