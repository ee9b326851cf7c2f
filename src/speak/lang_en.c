/* lang_en.c: the English rule tables: transcript notes, titles, party tags,
 * acronyms, numbers and web words, each entry checked against eSpeak NG's reading. */
#include "speak_internal.h"

static const char *const editorial_marks[] = {
    "ph", "ph.", "ph?", "sic", "sic.", "sp", "sp?", "sp.", "?", "phonetic", "phonetically",
    "spelled phonetically", "spelling?", "spelling", "spelling unconfirmed", NULL,
};

/* A note whose first or second word is one of these is a sound or
 * production cue: "[laughs]", "(LAUGHTER)", "[crosstalk 00:18:57]", "(a beat)". */
static const char *const cue_words[] = {
    "applause", "applauding", "audio", "background", "beat", "begin", "booing", "break",
    "bumper", "cheering", "cheers", "chuckle", "chuckles", "chuckling", "clapping", "clears",
    "commercial", "cough", "coughing", "coughs", "cries", "crosstalk", "cross-talk", "crying",
    "end", "gasp", "gasps", "giggles", "giggling", "groans", "humming", "inaudible",
    "indiscernible", "intro", "jingle", "laugh", "laughing", "laughs", "laughter", "music",
    "noise", "outro", "overlapping", "pause", "pauses", "sighs", "sigh", "sighing", "silence",
    "sniffles", "sobbing", "soundbite", "sound", "sounds", "static", "theme", "unintelligible",
    "video", "videotape", "whistles", "whistling", NULL,
};

static const char *const delivery_marks[] = {
    "voice-over", "voice over", "v.o.", "v.o", "o.s.", "o.s", "o.c.", "o.c", "cont'd",
    "cont\xe2\x80\x99" "d", "continuing", "on camera", "on-camera", "off camera", "off-camera",
    "through translator", "through interpreter", "through an interpreter", "through a translator",
    "via translator", "via interpreter", "translated", "reading", "singing", "rapping",
    "whispering", "shouting", "yelling", "on phone", "on the phone", "speaking", "subtitled",
    "to himself", "to herself", "to themselves", "aside", "off mic", NULL,
};

static const char *const name_marks[] = {"as", "to", NULL};

static const char *const language_names[] = {
    "Arabic", "Cantonese", "Chinese", "Dari", "English", "Farsi", "French", "German", "Greek",
    "Hebrew", "Hindi", "Italian", "Japanese", "Korean", "Mandarin", "Pashto", "Persian",
    "Polish", "Portuguese", "Russian", "Spanish", "Swahili", "Turkish", "Ukrainian", "Urdu",
    "Vietnamese", "foreign language", NULL,
};

/* eSpeak NG says "sen", "gov", "jen", "rep" for the titles, "j r" for "Jr.",
 * "m s" for "Ms." and "ahvay" for "Ave."; "Dr." and "Mr." it reads well, but
 * not "DR." and "MR.". Longer forms come first: the first match wins. */
static const speak_abbreviation abbreviations[] = {
    {"Sen.", "Senator", CONTEXT_BEFORE_NAME},
    {"Sens.", "Senators", CONTEXT_BEFORE_NAME},
    {"Rep.", "Representative", CONTEXT_BEFORE_NAME},
    {"Reps.", "Representatives", CONTEXT_BEFORE_NAME},
    {"Gov.", "Governor", CONTEXT_BEFORE_NAME},
    {"Govs.", "Governors", CONTEXT_BEFORE_NAME},
    {"Gen.", "General", CONTEXT_BEFORE_NAME},
    {"Lt.", "Lieutenant", CONTEXT_BEFORE_NAME},
    {"Col.", "Colonel", CONTEXT_BEFORE_NAME},
    {"Capt.", "Captain", CONTEXT_BEFORE_NAME},
    {"Cmdr.", "Commander", CONTEXT_BEFORE_NAME},
    {"Sgt.", "Sergeant", CONTEXT_BEFORE_NAME},
    {"Maj.", "Major", CONTEXT_BEFORE_NAME},
    {"Adm.", "Admiral", CONTEXT_BEFORE_NAME},
    {"Pres.", "President", CONTEXT_BEFORE_NAME},
    {"Prof.", "Professor", CONTEXT_BEFORE_NAME},
    {"Rev.", "Reverend", CONTEXT_BEFORE_NAME},
    {"Hon.", "Honorable", CONTEXT_BEFORE_NAME},
    {"Atty.", "Attorney", CONTEXT_BEFORE_NAME},
    {"Supt.", "Superintendent", CONTEXT_BEFORE_NAME},
    {"Gens.", "Generals", CONTEXT_BEFORE_NAME},
    {"DR.", "Doctor", CONTEXT_BEFORE_NAME},
    {"MR.", "Mister", CONTEXT_BEFORE_NAME},
    {"Ms.", "Miz", CONTEXT_BEFORE_NAME},
    {"Fr.", "Father", CONTEXT_BEFORE_NAME},
    {"Mt.", "Mount", CONTEXT_BEFORE_NAME},
    {"Ft.", "Fort", CONTEXT_BEFORE_NAME},
    {"Jr.", "Junior", CONTEXT_AFTER_NAME},
    {"Sr.", "Senior", CONTEXT_AFTER_NAME},
    {"Ph.D.", "P H D", CONTEXT_ANYWHERE},
    {"Ave.", "Avenue", CONTEXT_ANYWHERE},
    {"Blvd.", "Boulevard", CONTEXT_ANYWHERE},
    {"approx.", "approximately", CONTEXT_ANYWHERE},
    {"INT./EXT.", "Interior, exterior", CONTEXT_LINE_START},
    {"EXT./INT.", "Exterior, interior", CONTEXT_LINE_START},
    {"INT.", "Interior", CONTEXT_LINE_START},
    {"EXT.", "Exterior", CONTEXT_LINE_START},
    {NULL, NULL, CONTEXT_ANYWHERE},
};

static const speak_pair parties[] = {
    {"R", "Republican"}, {"D", "Democrat"}, {"I", "Independent"}, {NULL, NULL},
};

/* Postal codes and the Associated Press abbreviations older transcripts use. */
static const speak_pair states[] = {
    {"AL", "Alabama"}, {"Ala.", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"},
    {"Ariz.", "Arizona"}, {"AR", "Arkansas"}, {"Ark.", "Arkansas"}, {"CA", "California"},
    {"Calif.", "California"}, {"Cal.", "California"}, {"CO", "Colorado"}, {"Colo.", "Colorado"},
    {"CT", "Connecticut"}, {"Conn.", "Connecticut"}, {"DE", "Delaware"}, {"Del.", "Delaware"},
    {"FL", "Florida"}, {"Fla.", "Florida"}, {"GA", "Georgia"}, {"Ga.", "Georgia"},
    {"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"}, {"Ill.", "Illinois"},
    {"IN", "Indiana"}, {"Ind.", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"},
    {"Kan.", "Kansas"}, {"Kans.", "Kansas"}, {"KY", "Kentucky"}, {"Ky.", "Kentucky"},
    {"LA", "Louisiana"}, {"La.", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
    {"Md.", "Maryland"}, {"MA", "Massachusetts"}, {"Mass.", "Massachusetts"},
    {"MI", "Michigan"}, {"Mich.", "Michigan"}, {"MN", "Minnesota"}, {"Minn.", "Minnesota"},
    {"MS", "Mississippi"}, {"Miss.", "Mississippi"}, {"MO", "Missouri"}, {"Mo.", "Missouri"},
    {"MT", "Montana"}, {"Mont.", "Montana"}, {"NE", "Nebraska"}, {"Neb.", "Nebraska"},
    {"Nebr.", "Nebraska"}, {"NV", "Nevada"}, {"Nev.", "Nevada"}, {"NH", "New Hampshire"},
    {"N.H.", "New Hampshire"}, {"NJ", "New Jersey"}, {"N.J.", "New Jersey"},
    {"NM", "New Mexico"}, {"N.M.", "New Mexico"}, {"N.Mex.", "New Mexico"}, {"NY", "New York"},
    {"N.Y.", "New York"}, {"NC", "North Carolina"}, {"N.C.", "North Carolina"},
    {"ND", "North Dakota"}, {"N.D.", "North Dakota"}, {"N.Dak.", "North Dakota"},
    {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"Okla.", "Oklahoma"}, {"OR", "Oregon"},
    {"Ore.", "Oregon"}, {"Oreg.", "Oregon"}, {"PA", "Pennsylvania"}, {"Pa.", "Pennsylvania"},
    {"Penn.", "Pennsylvania"}, {"RI", "Rhode Island"}, {"R.I.", "Rhode Island"},
    {"SC", "South Carolina"}, {"S.C.", "South Carolina"}, {"SD", "South Dakota"},
    {"S.D.", "South Dakota"}, {"S.Dak.", "South Dakota"}, {"TN", "Tennessee"},
    {"Tenn.", "Tennessee"}, {"TX", "Texas"}, {"Tex.", "Texas"}, {"UT", "Utah"},
    {"VT", "Vermont"}, {"Vt.", "Vermont"}, {"VA", "Virginia"}, {"Va.", "Virginia"},
    {"WA", "Washington"}, {"Wash.", "Washington"}, {"WV", "West Virginia"},
    {"W.Va.", "West Virginia"}, {"W.Va", "West Virginia"}, {"WI", "Wisconsin"},
    {"Wis.", "Wisconsin"}, {"Wisc.", "Wisconsin"}, {"WY", "Wyoming"}, {"Wyo.", "Wyoming"},
    {"DC", "the District of Columbia"}, {"D.C.", "the District of Columbia"},
    {"PR", "Puerto Rico"}, {"P.R.", "Puerto Rico"}, {"GU", "Guam"}, {"VI", "the Virgin Islands"},
    {"AS", "American Samoa"}, {"MP", "the Northern Mariana Islands"},
    {"Alabama", "Alabama"}, {"Alaska", "Alaska"}, {"Arizona", "Arizona"},
    {"Arkansas", "Arkansas"}, {"California", "California"}, {"Colorado", "Colorado"},
    {"Connecticut", "Connecticut"}, {"Delaware", "Delaware"}, {"Florida", "Florida"},
    {"Georgia", "Georgia"}, {"Hawaii", "Hawaii"}, {"Idaho", "Idaho"}, {"Illinois", "Illinois"},
    {"Indiana", "Indiana"}, {"Iowa", "Iowa"}, {"Kansas", "Kansas"}, {"Kentucky", "Kentucky"},
    {"Louisiana", "Louisiana"}, {"Maine", "Maine"}, {"Maryland", "Maryland"},
    {"Massachusetts", "Massachusetts"}, {"Michigan", "Michigan"}, {"Minnesota", "Minnesota"},
    {"Mississippi", "Mississippi"}, {"Missouri", "Missouri"}, {"Montana", "Montana"},
    {"Nebraska", "Nebraska"}, {"Nevada", "Nevada"}, {"Ohio", "Ohio"}, {"Oklahoma", "Oklahoma"},
    {"Oregon", "Oregon"}, {"Pennsylvania", "Pennsylvania"}, {"Tennessee", "Tennessee"},
    {"Texas", "Texas"}, {"Utah", "Utah"}, {"Vermont", "Vermont"}, {"Virginia", "Virginia"},
    {"Washington", "Washington"}, {"Wisconsin", "Wisconsin"}, {"Wyoming", "Wyoming"},
    {NULL, NULL},
};

/* Acronyms eSpeak NG pronounces as words ("AWS" -> "awz", "GOP" -> "gop",
 * "YMCA" -> "imka"); dotted letters make it spell them with acronym stress. */
static const speak_pair acronyms[] = {
    {"ABA", "A.B.A."}, {"AKA", "A.K.A."}, {"AMNH", "A.M.N.H."}, {"AWS", "A.W.S."},
    {"EPA", "E.P.A."}, {"ETA", "E.T.A."}, {"FAQ", "F.A.Q."}, {"GAO", "G.A.O."},
    {"GOP", "G.O.P."}, {"IEA", "I.E.A."}, {"IPO", "I.P.O."}, {"KCRW", "K.C.R.W."},
    {"KERA", "K.E.R.A."}, {"KPCC", "K.P.C.C."}, {"KQED", "K.Q.E.D."}, {"KUOW", "K.U.O.W."},
    {"KUT", "K.U.T."}, {"PUE", "P.U.E."}, {"POV", "P.O.V."}, {"SEC", "S.E.C."},
    {"USDA", "U.S.D.A."}, {"WAMU", "W.A.M.U."}, {"WBEZ", "W.B.E.Z."}, {"WBUR", "W.B.U.R."},
    {"WGBH", "W.G.B.H."}, {"WHYY", "W.H.Y.Y."}, {"WLRN", "W.L.R.N."}, {"WNYC", "W.N.Y.C."},
    {"WUNC", "W.U.N.C."}, {"YMCA", "Y.M.C.A."}, {"YWCA", "Y.W.C.A."}, {NULL, NULL},
};

/* Whole words said otherwise. eSpeak NG spells "IT" (in capitals nearly
 * always the plain word) and says "slash" in "and/or". */
static const speak_pair word_forms[] = {
    {"IT'S", "it's"}, {"IT's", "it's"}, {"IT\xe2\x80\x99S", "it\xe2\x80\x99s"},
    {"IT\xe2\x80\x99s", "it\xe2\x80\x99s"}, {"and/or", "and or"},
    {"quote/unquote", "quote unquote"}, {NULL, NULL},
};

static const speak_unit currencies[] = {
    {"$", "dollar", "dollars"},
    {"\xc2\xa3", "pound", "pounds"},
    {"\xe2\x82\xac", "euro", "euros"},
    {"\xc2\xa5", "yen", "yen"},
    {NULL, NULL, NULL},
};

static const speak_unit cents[] = {
    {"$", "cent", "cents"},
    {"\xc2\xa3", "penny", "pence"},
    {"\xe2\x82\xac", "cent", "cents"},
    {"\xc2\xa5", "sen", "sen"},
    {NULL, NULL, NULL},
};

static const speak_pair scales[] = {
    {"thousand", "thousand"}, {"million", "million"}, {"billion", "billion"},
    {"trillion", "trillion"}, {"k", "thousand"}, {"K", "thousand"}, {"m", "million"},
    {"M", "million"}, {"mn", "million"}, {"bn", "billion"}, {"B", "billion"},
    {"b", "billion"}, {"tn", "trillion"}, {"T", "trillion"}, {NULL, NULL},
};

/* Units eSpeak NG spells ("3 km" -> "three k m"); "%" and "mph" it says well
 * only in part ("mph" -> "m p h"). Matched with their case. */
static const speak_unit units[] = {
    {"km/h", "kilometer per hour", "kilometers per hour"},
    {"kph", "kilometer per hour", "kilometers per hour"},
    {"mph", "mile per hour", "miles per hour"},
    {"km", "kilometer", "kilometers"},
    {"cm", "centimeter", "centimeters"},
    {"mm", "millimeter", "millimeters"},
    {"kg", "kilogram", "kilograms"},
    {"mg", "milligram", "milligrams"},
    {"lb", "pound", "pounds"},
    {"lbs", "pounds", "pounds"},
    {"oz", "ounce", "ounces"},
    {"ft", "foot", "feet"},
    {"mi", "mile", "miles"},
    {"ml", "milliliter", "milliliters"},
    {"mL", "milliliter", "milliliters"},
    {"kWh", "kilowatt hour", "kilowatt hours"},
    {"MWh", "megawatt hour", "megawatt hours"},
    {"GWh", "gigawatt hour", "gigawatt hours"},
    {"kW", "kilowatt", "kilowatts"},
    {"MW", "megawatt", "megawatts"},
    {"GW", "gigawatt", "gigawatts"},
    {"GHz", "gigahertz", "gigahertz"},
    {"MHz", "megahertz", "megahertz"},
    {"kHz", "kilohertz", "kilohertz"},
    {"Hz", "hertz", "hertz"},
    {"KB", "kilobyte", "kilobytes"},
    {"MB", "megabyte", "megabytes"},
    {"GB", "gigabyte", "gigabytes"},
    {"TB", "terabyte", "terabytes"},
    {"ms", "millisecond", "milliseconds"},
    {"hrs", "hours", "hours"},
    {"hr", "hour", "hours"},
    {"\xc2\xb0" "F", "degree Fahrenheit", "degrees Fahrenheit"},
    {"\xc2\xb0" "C", "degree Celsius", "degrees Celsius"},
    {"\xc2\xb0", "degree", "degrees"},
    {NULL, NULL, NULL},
};

static const speak_pair fractions[] = {
    {"1/2", "one half"}, {"1/3", "one third"}, {"2/3", "two thirds"},
    {"1/4", "one quarter"}, {"3/4", "three quarters"}, {"1/8", "one eighth"},
    {NULL, NULL},
};

static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", NULL,
};

static const speak_pair month_abbreviations[] = {
    {"Jan.", "January"}, {"Feb.", "February"}, {"Mar.", "March"}, {"Apr.", "April"},
    {"Jun.", "June"}, {"Jul.", "July"}, {"Aug.", "August"}, {"Sep.", "September"},
    {"Sept.", "September"}, {"Oct.", "October"}, {"Nov.", "November"}, {"Dec.", "December"},
    {NULL, NULL},
};

/* Verbs of saying after a quote: "'...,' [Bruck] said", "[the senator] added". */
static const char *const speech_verbs[] = {
    "said", "says", "added", "adds", "asked", "asks", "told", "tells", "wrote", "writes",
    "continued", "continues", "explained", "explains", "replied", "replies", "noted", "notes",
    "recalled", "recalls", "insisted", "insists", "argued", "argues", "answered", "answers",
    "declared", "declares", "stated", "states", "warned", "warns", "testified", "testifies",
    "responded", "responds", "acknowledged", "acknowledges", "remarked", "remarks", NULL,
};

/* eSpeak NG says "March 14" as "March fourteen"; readers say "fourteenth". */
static const char *const day_ordinals[] = {
    "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th",
    "12th", "13th", "14th", "15th", "16th", "17th", "18th", "19th", "20th", "21st",
    "22nd", "23rd", "24th", "25th", "26th", "27th", "28th", "29th", "30th", "31st", NULL,
};

/* "1990s" is "nineteen hundred ninety z" to eSpeak NG. */
static const char *const decades[] = {
    "hundreds", "tens", "twenties", "thirties", "forties",
    "fifties", "sixties", "seventies", "eighties", "nineties", NULL,
};

const speak_language tts_speak_language_english = {
    .code = "en",
    .editorial_marks = editorial_marks,
    .cue_words = cue_words,
    .delivery_marks = delivery_marks,
    .name_marks = name_marks,
    .language_names = language_names,
    .speech_verbs = speech_verbs,
    .in_language = "in",
    .abbreviations = abbreviations,
    .parties = parties,
    .states = states,
    .party_of_state = "of",
    .acronyms = acronyms,
    .word_forms = word_forms,
    .currencies = currencies,
    .cents = cents,
    .and_cents = "and",
    .scales = scales,
    .units = units,
    .fractions = fractions,
    .months = months,
    .month_abbreviations = month_abbreviations,
    .day_ordinals = day_ordinals,
    .month_first = true,
    .decades = decades,
    .thousands = "thousands",
    .range_to = "to",
    .zero_minutes = "o'clock",
    .zero_tens = "oh",
    .about = "about",
    .dot = "dot",
    .at = "at",
    .slash = "slash",
    .underscore = "underscore",
    .hashtag = "hashtag",
    .number_sign = "number",
    .or_word = "or",
};
