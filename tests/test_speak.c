/* test_speak.c: the speak stage, table-driven: written text (mostly short
 * quotes from the corpus transcripts) -> what eSpeak NG is given to say, plus
 * the map back to the written text, the cue modes and linear running time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ttsread/speak.h"

typedef struct speak_case {
    const char *written;
    const char *spoken;
} speak_case;

/* Speech turns, English, default options. */
static const speak_case cases[] = {
    /* Editorial marks for readers: dropped. */
    {"So my name's Ashanti Martinez (ph). I'm 20 years old.", "So my name's Ashanti Martinez. I'm 20 years old."},
    {"My name is Nicholas Tomchik (ph). I'm from Winslow, Maine.", "My name is Nicholas Tomchik. I'm from Winslow, Maine."},
    {"So it was Molt and Kalispell(ph). There were three industries", "So it was Molt and Kalispell. There were three industries"},
    {"And Tyler Vier(ph) - I believe I'm pronouncing that right", "And Tyler Vier, I believe I'm pronouncing that right"},
    {"Seating (ph) her optimism, her margin of victory", "Seating her optimism, her margin of victory"},
    {"get the most PLANET MONEY-y (ph) voice of all", "get the most PLANET MONEY-y voice of all"},
    {"Wrongbert (ph).", "Wrongbert."},
    {"(As Grimes, singing) This is sequencing... (ph).", "This is sequencing."},
    {"have Syntho (ph) do it", "have Syntho do it"},
    {"Special thanks to John Tanners (ph), one of the people", "Special thanks to John Tanners, one of the people"},
    {"He said it was their (sic) decision.", "He said it was their decision."},
    {"a recieved [sic] letter", "a recieved letter"},
    {"argue vociferously in Vietnamese (?), But mercifully we...", "argue vociferously in Vietnamese, But mercifully we"},
    {"Stachowiak (sp?) said", "Stachowiak said"},

    /* An editor's insertion naming a quote's speaker is part of the sentence:
     * read as words, no pause, and the quote marks around it are not said. */
    {"She told me, 'I never agreed to that,' [Bruck] said.", "She told me, I never agreed to that, Bruck said."},
    {"\"We will,\" [the senator] added, \"but not this year.\"", "We will, the senator added, \"but not this year.\""},
    {"\xe2\x80\x9cI don't know,\xe2\x80\x9d [Ms. Ortiz] told reporters.", "I don't know, Miz Ortiz told reporters."},
    {"'It's over,' [he] says.", "It's over, he says."},
    /* Not before a verb of saying, or a cue: the usual treatment. */
    {"\"We will,\" [laughter] said nobody.", "\"We will,\", said nobody."},
    {"'Fine,' [Bruck] nodded.", "'Fine,', Bruck, nodded."},

    /* Speech nobody could make out: a short pause. */
    {"There was one in [inaudible]. And so people are coming together", "There was one in. And so people are coming together"},
    {"a Bitcoin anime character but\xe2\x80\xa6[crosstalk 00:18:57]", "a Bitcoin anime character but"},
    {"the model internet that we[inaudible 00:42:20] and I was interested", "the model internet that we, and I was interested"},
    {"bring this to market, product [inaudible 00:05:14].\" This question", "bring this to market, product.\" This question"},
    {"Is teleporting people's replacement [inaudible 00:07:29], is that a really demanding thing?", "Is teleporting people's replacement, is that a really demanding thing?"},
    {"a virtual machine out of \\[unintelligible 00:24:38.10\\] the bytecode is CSS", "a virtual machine out of, the bytecode is CSS"},
    {"the casting director, and (unintelligible) who was actually working on it.", "the casting director, and, who was actually working on it."},
    {"That (unintelligible).", "That."},
    {"(Unintelligible) but in the mid - but I grew up in Dutchess County", "but in the mid, but I grew up in Dutchess County"},
    {"I worked for Buick for almost - retirement, (unintelligible) go to retirement.", "I worked for Buick for almost, retirement, go to retirement."},
    {"(CROSSTALK)", ""},
    {"(As Robert Smith, inaudible).", ""},

    /* Role play and delivery marks: kept in the script, not said. */
    {"(As Jesus) My God, my God, why have you forsaken me?", "My God, my God, why have you forsaken me?"},
    {"(As Angel) Fallen. Fallen is Babylon the Great", "Fallen. Fallen is Babylon the Great"},
    {"(As Grimes, singing) I'm sorry, PLANET MONEY, but I'm unavailable", "I'm sorry, PLANET MONEY, but I'm unavailable"},
    {"(As Joe Rogan) How's it going? Come on, tell me about it, Jobs.", "How's it going? Come on, tell me about it, Jobs."},
    {"(As Drake, rapping) I came in with my ex", "I came in with my ex"},
    {"(as Stu Price) I'm not going anywhere.", "I'm not going anywhere."},
    {"Hot spots popped up all over the city. (on camera): Wow that's hot", "Hot spots popped up all over the city. Wow that's hot"},
    {"96 degrees, ouch. (voice-over): Temperatures in the 90s", "96 degrees, ouch. Temperatures in the nineties"},
    {"(through translator) We will not leave.", "We will not leave."},
    {"(in Vietnamese, subtitled)", ""},
    {"ADULT EDWARD (V.O.)(CONT'D)", "ADULT EDWARD"},
    {"A GIRL'S VOICE (O.S.)", "A GIRL'S VOICE"},
    {"(speaking Spanish) Hola, mi amor.", "Hola, mi amor."},
    {"(to Scott) You coming?", "You coming?"},
    {"(gently)", ""},

    /* Sound and production cues inside a turn: a pause, never words. */
    {"Yes, exactly. \\[laughs\\] Exactly.", "Yes, exactly. Exactly."},
    {"I think it might. \\[laughs\\]", "I think it might."},
    {"\\[laughs\\] To be fair, I have not read the label.", "To be fair, I have not read the label."},
    {"unpopular at all. \\[laughter\\] A lot of meetings could have been an email.", "unpopular at all. A lot of meetings could have been an email."},
    {"You just rub the bar in... \\[laughs\\] No, but a shower gel", "You just rub the bar in. No, but a shower gel"},
    {"(Laughter) Yeah, as far as I know, he's, like, cross-country", "Yeah, as far as I know, he's, like, cross-country"},
    {"I've had some (laughter) - I've had some tough conversations", "I've had some, I've had some tough conversations"},
    {"Oh, my God (laughter). What is going on?", "Oh, my God. What is going on?"},
    {"(LAUGHTER)", ""},
    {"[RADIOLAB INTRO]", ""},
    {"(APPLAUSE)", ""},
    {"where it was going, (END VIDEO CLIP)", "where it was going,"},
    {"(BEGIN VIDEO CLIP) We are going to win.", "We are going to win."},
    {"[Music] Welcome back to the show.", "Welcome back to the show."},
    {"So anyway [sighs] here we go.", "So anyway, here we go."},
    {"(a beat)", ""},
    {"Thank you, sir. [Goes out.]", "Thank you, sir."},
    {"[Rising and advancing.] Dr. Chasuble! This is indeed a pleasure.", "Dr. Chasuble! This is indeed a pleasure."},
    {"In Paris! [Shakes his head.] I fear that hardly points to any very", "In Paris! I fear that hardly points to any very"},
    {"[_Exit Nurse._]", ""},
    {"EXT. BLOOM HOUSE [MID/LATE '70'S] - DAY", "Exterior BLOOM HOUSE, DAY"},
    {"INT. FRATERNITY HOUSE BATHROOM - DAY [FLASHFORWARD]", "Interior FRATERNITY HOUSE BATHROOM, DAY"},
    {"INT./EXT. BLOOM HOUSE - (PRESENT) DAY", "Interior, exterior BLOOM HOUSE, DAY"},
    {"(SOUNDBITE OF MUSIC) And now the news.", "And now the news."},

    /* Asides are read as asides. */
    {"in data storage (which is pretty much all of us) and the future (which again, all of us).", "in data storage, which is pretty much all of us, and the future, which again, all of us."},
    {"as close to the metal (as they say) as you're gonna get", "as close to the metal, as they say, as you're gonna get"},
    {"REVERSE to Will's mother Sandra (53), surprised and a little annoyed.", "REVERSE to Will's mother Sandra, 53, surprised and a little annoyed."},
    {"INT. BLOOM FRONT HALL - NIGHT (1987)", "Interior BLOOM FRONT HALL, NIGHT, 1987"},
    {"He said [the president] would sign it.", "He said, the president, would sign it."},

    /* Interruptions and hesitations: short pauses, not "dash" or "dot dot dot". */
    {"they are convinced -- convinced -- Kyron`s step-mom", "they are convinced, convinced, Kyron's step-mom"},
    {"we begin with Suzanne Malveaux in Indianapolis -- Suzanne.", "we begin with Suzanne Malveaux in Indianapolis, Suzanne."},
    {"She's going to have --", "She's going to have"},
    {"He got all the money from those accounts--- but he recovered", "He got all the money from those accounts, but he recovered"},
    {"Farewell, my lord.\xe2\x80\x94Light to my chamber, ho!", "Farewell, my lord. Light to my chamber, ho!"},
    {"In man as well as herbs,\xe2\x80\x94grace and rude will;", "In man as well as herbs, grace and rude will;"},
    {"I feel - the way I approached the selection", "I feel, the way I approached the selection"},
    {"Okay, okay... Alright, alright... Let me mull on that", "Okay, okay. Alright, alright. Let me mull on that"},
    {"No I'm sorry, I...I'm engaged to be married.", "No I'm sorry, I, I'm engaged to be married."},
    {"What have we started...?", "What have we started?"},
    {"Ooh...!", "Ooh!"},
    {"...Just head-on?", "Just head-on?"},
    {"It's not that, it's just...", "It's not that, it's just"},
    {"Your siblings are never ... I mean, I love my sister", "Your siblings are never, I mean, I love my sister"},
    {"It doesn\xe2\x80\x99t enable a lot of\xe2\x80\xa6 It doesn\xe2\x80\x99t reflect a lot of humanity", "It doesn\xe2\x80\x99t enable a lot of. It doesn\xe2\x80\x99t reflect a lot of humanity"},
    {"\xe2\x80\xa6plenty. Do you think this opens up new experiences", "plenty. Do you think this opens up new experiences"},
    {"When we e-mailed\xe2\x80\x94", "When we e-mailed"},
    {"Hydrogen Treated... oh God, what is it again?", "Hydrogen Treated, oh God, what is it again?"},
    {"INT. WILL'S CAR - DAY / DRIVING", "Interior WILL'S CAR, DAY, DRIVING"},

    /* Titles before names, in older styles. */
    {"Sen. Bernie Sanders speaks with members", "Senator Bernie Sanders speaks with members"},
    {"Washington Gov. Jay Inslee from the Capitol", "Washington Governor Jay Inslee from the Capitol"},
    {"Gen. Mark Milley testified", "General Mark Milley testified"},
    {"Yeshiva University Prof. Moshe Krakowski believes", "Yeshiva University Professor Moshe Krakowski believes"},
    {"Lt. Gov. Dan Patrick", "Lieutenant Governor Dan Patrick"},
    {"Franklin Jr. High School, in Des Moines", "Franklin Junior High School, in Des Moines"},
    {"JOHN HUNTER JR. AND JOHNATHAN SLOTT", "JOHN HUNTER Junior AND JOHNATHAN SLOTT"},
    {"DR. JULIUS BENNETT (85) enters from the foyer", "Doctor JULIUS BENNETT, 85, enters from the foyer"},
    {"Ms. Velez-Mitchell asked", "Miz Velez-Mitchell asked"},
    {"Capt. Sully Sullenberger", "Captain Sully Sullenberger"},
    {"the Rev. Martin Luther King Jr.", "the Reverend Martin Luther King Junior"},
    {"climbing Mt. Everest", "climbing Mount Everest"},
    {"a Ph.D. student", "a P H D student"},
    {"Then I don't think so Mr. Bloom.", "Then I don't think so Mr. Bloom."},
    {"Dr. Raz Zimmt said", "Dr. Raz Zimmt said"},
    {"the gen. population", "the gen. population"},

    /* Party-state tags. */
    {"Sen. Bernie Sanders (I-VT) arrives on stage", "Senator Bernie Sanders, Independent of Vermont, arrives on stage"},
    {"Rep. Mark Walker (R-N.C.), according to people", "Representative Mark Walker, Republican of North Carolina, according to people"},
    {"then-Rep. Heath Shuler (D-N.C.) retired", "then-Representative Heath Shuler, Democrat of North Carolina, retired"},
    {"Rep. Esteban Torres (D-Calif.) declared", "Representative Esteban Torres, Democrat of California, declared"},
    {"former Rep. Bill Lipinski (D-Ill.), who deftly maneuvered", "former Representative Bill Lipinski, Democrat of Illinois, who deftly maneuvered"},
    {"SEN. HILLARY RODHAM CLINTON (D-NY), PRESIDENTIAL CANDIDATE", "Senator HILLARY RODHAM CLINTON, Democrat of New York, PRESIDENTIAL CANDIDATE"},
    {"SEN. BARACK OBAMA (D-IL), PRESIDENTIAL CANDIDATE", "Senator BARACK OBAMA, Democrat of Illinois, PRESIDENTIAL CANDIDATE"},
    {"Rep. Brenda Lawrence, D-Mich., flanked by", "Representative Brenda Lawrence, Democrat of Michigan, flanked by"},
    {"Rep. Debbie Wasserman Schultz, D-Fla., and", "Representative Debbie Wasserman Schultz, Democrat of Florida, and"},
    {"Rep. Lee Zeldin, R-NY, launches the", "Representative Lee Zeldin, Republican of New York, launches the"},
    {"Sen. Ted Cruz (R-TX) said", "Senator Ted Cruz, Republican of Texas, said"},
    {"Sen. John Cornyn, R-Texas.", "Senator John Cornyn, Republican of Texas."},

    /* Addresses: the host name, said sensibly. */
    {"Go to NPR.org and click on TALK OF THE NATION.", "Go to NPR dot org and click on TALK OF THE NATION."},
    {"Our email address is TALK@NPR.org and you can join", "Our email address is TALK at NPR dot org and you can join"},
    {"please send us an email - planetmoney@npr.org. Or we're on", "please send us an email, planetmoney at npr dot org. Or we're on"},
    {"check out our website at virtualcoffee.io or say hi", "check out our website at virtualcoffee dot io or say hi"},
    {"Check out ePO at getepo.com/lenny and 10 x your", "Check out ePO at getepo dot com slash lenny and 10 x your"},
    {"youtube_url: https://www.youtube.com/watch?v=VxAwUb86MUE", "youtube_url: youtube dot com"},
    {"[Who's coming with me?](https://www.youtube.com/watch?v=5IXOK0b4_kk)", "Who's coming with me?"},
    {"[Pineapple on pizza is good. Fight me.](https://gotime.fm/245)", "Pineapple on pizza is good. Fight me."},
    {"Connect with us on [Twitter](https://twitter.com/gsfcommunity?ref_src=twsrc%5Egoogle), [Github](https://github.com/Green-Software-Foundation) and [LinkedIn](https://www.linkedin.com/company/green-software-foundation/)!", "Connect with us on Twitter, Github and LinkedIn!"},
    {"- [https://stateof.greensoftware.foundation/survey/](https://stateof.greensoftware.foundation/survey/) [06:30]", "stateof dot greensoftware dot foundation slash survey"},
    {"paper <http://fc16.ifca.ai/bitcoin/papers/MES16.pdf>", "paper fc16 dot ifca dot ai"},
    {"coin covenants <https://bitcointalk.org/index.php?topic=278122.0>", "coin covenants bitcointalk dot org"},
    {"So if you go to www.techcarbonstandard.org, this is a website", "So if you go to techcarbonstandard dot org, this is a website"},
    {"facility: www.gutenberg.org.", "facility: gutenberg dot org."},
    {"there\xe2\x80\x99s yalls.org by Alex Bosworth", "there\xe2\x80\x99s yalls dot org by Alex Bosworth"},
    {"I cc cash@square.com and in the subject line", "I cc cash at square dot com and in the subject line"},
    {"posting to the Fediverse GoTime@Changelog.social.", "posting to the Fediverse GoTime at Changelog dot social."},
    {"this site called tippin.me and then", "this site called tippin dot me and then"},
    {"See https://www.npr.org/podcasts for more.", "See npr dot org slash podcasts for more."},
    {"write to john.smith@example.com today", "write to john dot smith at example dot com today"},

    /* Handles and hashtags. */
    {"I'm @nickfountain on Twitter.", "I'm at nickfountain on Twitter."},
    {"We are still on X as @GoTimeFM, and", "We are still on X as at GoTimeFM, and"},
    {"And @a4w_m6h saying", "And at a4w underscore m6h saying"},
    {"So on episode \\#192 Ashley Jeffs had", "So on episode number 192 Ashley Jeffs had"},
    {"hitting speed dial #1...", "hitting speed dial number 1"},
    {"Follow along with #GreenSoftware today", "Follow along with hashtag GreenSoftware today"},

    /* Emoji: skipped by default. */
    {"Pineapple on pizza \xf0\x9f\x8d\x8d is good", "Pineapple on pizza is good"},
    {"Ship it! \xf0\x9f\x9a\x80\xf0\x9f\x9a\x80", "Ship it!"},
    {"Thanks \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd everyone", "Thanks everyone"},
    {"Love \xe2\x9d\xa4\xef\xb8\x8f you", "Love you"},

    /* Capitals: words stay words, acronyms eSpeak NG would say as words are spelled. */
    {"a question from a Kentucky GOP senator", "a question from a Kentucky G.O.P. senator"},
    {"one of the first to talk to the SEC about what that meant", "one of the first to talk to the S.E.C. about what that meant"},
    {"that doesn't count against the PUE score", "that doesn't count against the P.U.E. score"},
    {"SNIPER SCOPE POV", "SNIPER SCOPE P.O.V."},
    {"my co founder Olaoluwa, AKA \xe2\x80\x98Roasbeef\xe2\x80\x99, and I", "my co founder Olaoluwa, A.K.A. \xe2\x80\x98Roasbeef\xe2\x80\x99, and I"},
    {"hosted on AWS, per the IEA numbers", "hosted on A.W.S., per the I.E.A. numbers"},
    {"So I don't think IT's going away", "So I don't think it's going away"},
    {"I'm sorry, PLANET MONEY, but I'm unavailable", "I'm sorry, PLANET MONEY, but I'm unavailable"},
    {"that was NPR's Anthony Kuhn joining us from Beijing.", "that was NPR's Anthony Kuhn joining us from Beijing."},
    {"were aired on CNN yesterday", "were aired on CNN yesterday"},

    /* Money. */
    {"up to a record $10 million in 24 hours", "up to a record 10 million dollars in 24 hours"},
    {"put in $100, play max", "put in 100 dollars, play max"},
    {"I had to pay his crew boss $10,000 just so", "I had to pay his crew boss 10,000 dollars just so"},
    {"the price of Bitcoin was $200, so", "the price of Bitcoin was 200 dollars, so"},
    {"he recovered $0 because someone", "he recovered 0 dollars because someone"},
    {"It costs $3.50 a month", "It costs 3 dollars and 50 cents a month"},
    {"just $0.99 each", "just 99 cents each"},
    {"a single $1 bill", "a single 1 dollar bill"},
    {"raised $1.2B last year", "raised 1.2 billion dollars last year"},
    {"worth $20k or so", "worth 20 thousand dollars or so"},
    {"about \xc2\xa3" "20 each", "about 20 pounds each"},
    {"\xe2\x82\xac" "30 million in aid", "30 million euros in aid"},
    {"$5-10 million", "5 to 10 million dollars"},

    /* Ranges, times, dates. */
    {"from 5-10 p.m. weekdays", "from 5 to 10 p.m. weekdays"},
    {"10-15 percent", "10 to 15 percent"},
    {"the 2019-2020 season", "the 2019 to 2020 season"},
    {"a 5\xe2\x80\x93" "10 minute walk", "a 5 to 10 minute walk"},
    {"He was last seen at 8:45 that morning", "He was last seen at 8:45 that morning"},
    {"Tomorrow, 2:00pm", "Tomorrow, 2pm"},
    {"at 7:00 a.m. on Monday", "at 7 a.m. on Monday"},
    {"The meeting is at 7:00.", "The meeting is at 7 o'clock."},
    {"at 9:05 this morning", "at 9 oh 5 this morning"},
    {"on the evening of June 17, 2015, and", "on the evening of June 17th, 2015, and"},
    {"scheduled to begin Jan. 3.", "scheduled to begin January 3rd."},
    {"when November 8 rolls around", "when November 8th rolls around"},
    {"'Fox News Sunday' on October 20, 2024", "'Fox News Sunday' on October 20th, 2024"},
    {"from his school June 4 on Terri Horman`s watch", "from his school June 4th on Terri Horman's watch"},
    {"on Sept. 11, 2001", "on September 11th, 2001"},
    {"released 2019-03-14 in", "released March 14th, 2019 in"},
    {"due 3/14/2019.", "due March 14th, 2019."},
    {"signed 14/03/2019", "signed March 14th, 2019"},
    {"in March 2019", "in March 2019"},

    /* Decades, phone numbers, fractions, units. */
    {"between the '80s and the early 2000s, they", "between the eighties and the early 2 thousands, they"},
    {"temperatures soared into the 90s", "temperatures soared into the nineties"},
    {"the very, very early 2020s.", "the very, very early 20 twenties."},
    {"back in the 1990s", "back in the 19 nineties"},
    {"in the 1800s", "in the 18 hundreds"},
    {"And there's 1000s of people", "And there's thousands of people"},
    {"10s of dollars", "tens of dollars"},
    {"Our phone number is 800-989-8255.", "Our phone number is 8 0 0, 9 8 9, 8 2 5 5."},
    {"call 1-800-273-8255 now", "call 1, 8 0 0, 2 7 3, 8 2 5 5 now"},
    {"another 50/50 split maybe", "another 50 50 split maybe"},
    {"open 24/7", "open 24 7"},
    {"about 1/2 of voters", "about one half of voters"},
    {"2/3 of the vote", "two thirds of the vote"},
    {"walked 3 km today", "walked 3 kilometers today"},
    {"winds of 60 mph", "winds of 60 miles per hour"},
    {"about 5 kg of rice", "about 5 kilograms of rice"},
    {"weighs 1 kg", "weighs 1 kilogram"},
    {"It was 70\xc2\xb0" "F outside", "It was 70 degrees Fahrenheit outside"},
    {"stores 100 GB", "stores 100 gigabytes"},
    {"~5 minutes", "about 5 minutes"},
    {"a 501(c)(3) educational corporation", "a 501 c 3 educational corporation"},
    {"and/or he/she", "and or he or she"},
    {"the quote/unquote \xe2\x80\x9c" "Bear market\xe2\x80\x9d has", "the quote unquote \xe2\x80\x9c" "Bear market\xe2\x80\x9d has"},

    /* Markup left by other formats. */
    {"**Jerod Santo:** \\[07:50\\] A whopping 92% of pollsters agreed", "Jerod Santo: A whopping 92% of pollsters agreed"},
    {"<v Kyle Huey> So thanks again for <u>coming</u>. I'm going to", "So thanks again for coming. I'm going to"},
    {"00:00:04,740 --> 00:00:05,370", ""},
    {"> BRICK & STEEL <", "BRICK & STEEL"},
    {"Ayo Omojola (18:01):", "Ayo Omojola"},
    {"| Chris Adams [23:58]", "Chris Adams"},
    {"= ...to Baxter and to us.", "to Baxter and to us."},
    {"**Break:** \\[15:45\\]", "Break:"},

    /* What eSpeak NG already reads well is left alone. */
    {"Hi there, David.", "Hi there, David."},
    {"which is headed by North Korea's leader Kim Jong Un.", "which is headed by North Korea's leader Kim Jong Un."},
    {"U.S Turns To China For Help With North Korea Cyberattack", "U.S Turns To China For Help With North Korea Cyberattack"},
    {"If the U.S. wants Beijing's help", "If the U.S. wants Beijing's help"},
    {"Seven-year-old Kyron Horman vanished", "Seven-year-old Kyron Horman vanished"},
    {"a 24-hour news cycle", "a 24-hour news cycle"},
    {"COVID-19 cases rose 12%", "COVID-19 cases rose 12%"},
    {"in the 21st century", "in the 21st century"},
    {"just a half-inch from kissing him", "just a half-inch from kissing him"},
    {"eight in 10 Americans want this", "eight in 10 Americans want this"},
    {"It's 3:16 now", "It's 3:16 now"},
    {"The whole town...", "The whole town"},
};

typedef struct option_case {
    tts_turn_kind kind;
    tts_cue_mode cues;
    tts_emoji_mode emoji;
    const char *lang;
    const char *written;
    const char *spoken;
} option_case;

static const option_case option_cases[] = {
    /* Cue turns: a pause (nothing to say), nothing, or read by the narrator. */
    {TTS_TURN_CUE, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF MUSIC)", ""},
    {TTS_TURN_CUE, TTS_CUES_SKIP, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF MUSIC)", ""},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF MUSIC)", "Soundbite of music."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF ARCHIVED NPR BROADCAST)", "Soundbite of archived NPR broadcast."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(LAUGHTER)", "Laughter."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "[RADIOLAB INTRO]", "Radiolab intro."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF SONG, \"GENESIS\")", "Soundbite of song, \"genesis\"."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF JAMES DRISCOLL, JOHN HUNTER JR. AND JOHNATHAN SLOTT'S \"STINKIN\")", "Soundbite of james driscoll, john hunter Junior and johnathan slott's \"stinkin\"."},
    {TTS_TURN_CUE, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "(SOUNDBITE OF ARCHIVED RECORDING, 1987)", "Soundbite of archived recording, 1987."},
    /* Inside a speech turn a cue is a pause; skipped, it leaves only a word break. */
    {TTS_TURN_SPEECH, TTS_CUES_READ, TTS_EMOJI_SKIP, "en", "Yes, exactly. [laughs] Exactly.", "Yes, exactly. Exactly."},
    {TTS_TURN_SPEECH, TTS_CUES_SKIP, TTS_EMOJI_SKIP, "en", "the model internet that we[inaudible 00:42:20] and I was", "the model internet that we and I was"},
    {TTS_TURN_SPEECH, TTS_CUES_SKIP, TTS_EMOJI_SKIP, "en", "I've had some (laughter) - I've had", "I've had some, I've had"},
    /* Emoji by name: left for eSpeak NG, which knows their short names. */
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_NAME, "en", "great \xf0\x9f\x98\x80 fire \xf0\x9f\x94\xa5!", "great \xf0\x9f\x98\x80 fire \xf0\x9f\x94\xa5!"},
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_NAME, "en", "Ship it!\xf0\x9f\x9a\x80", "Ship it! \xf0\x9f\x9a\x80"},
    /* Titles are read like speech. */
    {TTS_TURN_TITLE, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "en", "Sen. Ted Cruz (R-TX) Visits NPR.org", "Senator Ted Cruz, Republican of Texas, Visits NPR dot org"},
    /* Regional English uses the English rules. */
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "en-GB", "Sen. Smith (ph) said", "Senator Smith said"},
    /* A language without a table: structure only, no English words. */
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "es", "Hola (sic) amigo, mira https://www.npr.org/x?y=1 [00:12:30] ahora", "Hola amigo, mira npr.org ahora"},
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "es", "Cuesta $5 -- o 5-10 euros", "Cuesta $5, o 5-10 euros"},
    {TTS_TURN_SPEECH, TTS_CUES_PAUSE, TTS_EMOJI_SKIP, "fr", "(RIRES) Bonjour Sen. Dupont", "Bonjour Sen. Dupont"},
};

static char *speak(const char *written, tts_turn_kind kind, const tts_speak_options *options,
                   const char *lang, tts_spoken_map **map)
{
    char *spoken = NULL;
    tts_error err;
    assert_int_equal(tts_speak_text(written, kind, lang, options, &spoken, map, &err), TTS_OK);
    assert_non_null(spoken);
    return spoken;
}

/* The map's promises: pieces rise in both texts and cover every spoken
 * byte; a verbatim piece is the written bytes (up to letter case). */
static void check_map(const char *written, const char *spoken, const tts_spoken_map *map)
{
    size_t written_length = strlen(written), spoken_length = strlen(spoken);
    assert_non_null(map);
    if (spoken_length == 0)
        return;
    assert_true(map->count > 0);
    assert_int_equal(map->pieces[0].spoken_offset, 0);
    size_t text_end = 0;
    for (size_t i = 0; i < map->count; i++) {
        const tts_spoken_piece *piece = &map->pieces[i];
        size_t next = i + 1 < map->count ? map->pieces[i + 1].spoken_offset : spoken_length;
        assert_true(next > piece->spoken_offset);
        if (piece->text_offset < text_end)
            fprintf(stderr, "map of [%s] goes back at piece %zu\n", written, i);
        assert_true(piece->text_offset >= text_end);
        assert_true(piece->text_offset + piece->text_length <= written_length);
        if (piece->verbatim) {
            assert_int_equal(next - piece->spoken_offset, piece->text_length);
            assert_int_equal(strncasecmp(spoken + piece->spoken_offset,
                                         written + piece->text_offset, piece->text_length), 0);
        }
        text_end = piece->text_offset + piece->text_length;
    }
}

static void test_table(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tts_spoken_map *map = NULL;
        char *spoken = speak(cases[i].written, TTS_TURN_SPEECH, NULL, "en", &map);
        if (strcmp(spoken, cases[i].spoken) != 0) {
            fprintf(stderr, "case %zu: %s\n  expected: [%s]\n  spoken:   [%s]\n", i + 1,
                    cases[i].written, cases[i].spoken, spoken);
            failures++;
        }
        check_map(cases[i].written, spoken, map);
        free(spoken);
        free(map);
    }
    fprintf(stderr, "%zu table cases\n", sizeof cases / sizeof cases[0]);
    assert_true(sizeof cases / sizeof cases[0] >= 150);
    assert_int_equal(failures, 0);
}

static void test_option_table(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof option_cases / sizeof option_cases[0]; i++) {
        const option_case *c = &option_cases[i];
        tts_speak_options options = {.cues = c->cues, .emoji = c->emoji};
        tts_spoken_map *map = NULL;
        char *spoken = speak(c->written, c->kind, &options, c->lang, &map);
        if (strcmp(spoken, c->spoken) != 0) {
            fprintf(stderr, "option case %zu: %s\n  expected: [%s]\n  spoken:   [%s]\n", i + 1,
                    c->written, c->spoken, spoken);
            failures++;
        }
        check_map(c->written, spoken, map);
        free(spoken);
        free(map);
    }
    assert_int_equal(failures, 0);
}

/* The written words behind a spoken word, as captions and word timings need. */
static char *written_behind(const char *written, const char *spoken, const tts_spoken_map *map,
                            const char *word)
{
    const char *found = strstr(spoken, word);
    assert_non_null(found);
    size_t offset, length;
    tts_speak_text_span(map, strlen(written), (size_t)(found - spoken), strlen(word), &offset,
                        &length);
    char *result = malloc(length + 1);
    assert_non_null(result);
    memcpy(result, written + offset, length);
    result[length] = '\0';
    return result;
}

static void assert_behind(const char *written, const char *spoken, const tts_spoken_map *map,
                          const char *word, const char *expected)
{
    char *behind = written_behind(written, spoken, map, word);
    if (strcmp(behind, expected) != 0)
        fprintf(stderr, "'%s' comes from '%s', expected '%s'\n", word, behind, expected);
    assert_string_equal(behind, expected);
    free(behind);
}

static void test_map_points_at_original_words(void **state)
{
    (void)state;
    const char *written = "Sen. Ted Cruz (R-TX) said (ph) it costs $5.5 million -- Lou.";
    tts_spoken_map *map = NULL;
    char *spoken = speak(written, TTS_TURN_SPEECH, NULL, "en", &map);
    assert_string_equal(spoken, "Senator Ted Cruz, Republican of Texas, said it costs 5.5 million dollars, Lou.");
    assert_behind(written, spoken, map, "Senator", "Sen.");
    assert_behind(written, spoken, map, "Ted", "Ted");
    assert_behind(written, spoken, map, "Cruz", "Cruz");
    assert_behind(written, spoken, map, "Republican", "(R-TX)");
    assert_behind(written, spoken, map, "Texas", "(R-TX)");
    assert_behind(written, spoken, map, "Republican of Texas", "(R-TX)");
    assert_behind(written, spoken, map, "said", "said");
    assert_behind(written, spoken, map, "it", "it");
    assert_behind(written, spoken, map, "dollars", "$5.5 million");
    assert_behind(written, spoken, map, "Lou", "Lou");
    assert_behind(written, spoken, map, "Cruz, Republican", "Cruz (R-TX)");
    free(spoken);
    free(map);

    /* Without a map, offsets pass through (clamped). */
    size_t offset, length;
    tts_speak_text_span(NULL, 10, 4, 20, &offset, &length);
    assert_int_equal(offset, 4);
    assert_int_equal(length, 6);
}

static void test_script_fills_every_turn(void **state)
{
    (void)state;
    tts_script script;
    tts_error err;
    tts_script_init(&script);
    int host;
    assert_int_equal(tts_script_add_speaker(&script, "Steve Inskeep", "host", &host, &err), TTS_OK);
    const char *texts[] = {"Sen. Smith (R-TX) Speaks", "(SOUNDBITE OF MUSIC)", "Yes. [laughs] Yes."};
    const tts_turn_kind kinds[] = {TTS_TURN_TITLE, TTS_TURN_CUE, TTS_TURN_SPEECH};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(tts_script_add_turn(&script, i == 2 ? host : TTS_NARRATOR, kinds[i],
                                             texts[i], strlen(texts[i]), 0, &err),
                         TTS_OK);
    tts_speak_options options = {.cues = TTS_CUES_PAUSE};
    assert_int_equal(tts_speak_script(&script, &options, &err), TTS_OK);
    assert_string_equal(script.turns[0].spoken, "Senator Smith, Republican of Texas, Speaks");
    assert_string_equal(script.turns[1].spoken, "");
    assert_string_equal(script.turns[2].spoken, "Yes. Yes.");
    for (size_t i = 0; i < 3; i++)
        assert_non_null(script.turns[i].spoken_map);
    /* Speaking again replaces the earlier result (no leak under ASan). */
    options.cues = TTS_CUES_READ;
    assert_int_equal(tts_speak_script(&script, &options, &err), TTS_OK);
    assert_string_equal(script.turns[1].spoken, "Soundbite of music.");
    tts_script_free(&script);
}

/* Nothing that eSpeak NG would read as a bracket, tag or escape survives,
 * whatever the mix of marks. */
static void test_no_marks_survive(void **state)
{
    (void)state;
    static const char *const messy[] = {
        "((unbalanced [notes) everywhere] {here",
        "(SOUNDBITE OF SONG, \"COLD TOUCH (KITO FEAT. GRIMESAI)",
        "\")",
        "a ) b ] c } d > e < f",
        "[[[[link](x)](y)",
        "<v Roger Bingham><i>Laughs</i>",
        "\\[laughs\\] \\\\ \\* **bold** __x__",
        "(((((((((((((((((((((((((((((((((((((((((((ph)",
    };
    for (size_t i = 0; i < sizeof messy / sizeof messy[0]; i++) {
        tts_spoken_map *map = NULL;
        char *spoken = speak(messy[i], TTS_TURN_SPEECH, NULL, "en", &map);
        if (strpbrk(spoken, "()[]{}<>\\*") != NULL)
            fprintf(stderr, "marks left in [%s] from [%s]\n", spoken, messy[i]);
        assert_null(strpbrk(spoken, "()[]{}<>\\*"));
        check_map(messy[i], spoken, map);
        free(spoken);
        free(map);
    }
}

/* Processor time, so that other work on a busy machine does not count. */
static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* The fastest of three runs over `text`. */
static double rewrite_seconds(const char *text)
{
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        double start = seconds_now();
        tts_spoken_map *map = NULL;
        char *spoken = speak(text, TTS_TURN_SPEECH, NULL, "en", &map);
        double elapsed = seconds_now() - start;
        free(spoken);
        free(map);
        if (elapsed < best)
            best = elapsed;
    }
    return best;
}

/* Rewriting is linear: even texts built to make a careless scanner look
 * ahead again and again take time in proportion to their length. */
static void test_time_is_linear(void **state)
{
    (void)state;
    static const char *const units[] = {
        "(", "[", "(a ", "a.", "http://(", "[a](", "\\[", "-", "...", "$1-", "@a_", "<a ",
        "www.a.", "Sen. ", "(ph) ", "x@y.", "1/", "\xf0\x9f\x9a\x80", " 'a", " \"a,\" [b] ",
        " 'a,' [b] said",
    };
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        double elapsed[2];
        size_t sizes[2] = {1 << 14, 1 << 16};
        for (int k = 0; k < 2; k++) {
            size_t unit = strlen(units[u]);
            char *text = malloc(sizes[k] + 1);
            assert_non_null(text);
            for (size_t i = 0; i < sizes[k]; i++)
                text[i] = units[u][i % unit];
            text[sizes[k] - sizes[k] % unit] = '\0';
            elapsed[k] = rewrite_seconds(text);
            free(text);
        }
        /* Four times the text: about four times the time, far from sixteen. */
        if (elapsed[1] > 0.02 && elapsed[1] > 8 * elapsed[0])
            fail_msg("unit '%s': %.4f s for 16 KiB, %.4f s for 64 KiB", units[u], elapsed[0],
                     elapsed[1]);
        assert_true(elapsed[1] < 2.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_option_table),
        cmocka_unit_test(test_map_points_at_original_words),
        cmocka_unit_test(test_script_fills_every_turn),
        cmocka_unit_test(test_no_marks_survive),
        cmocka_unit_test(test_time_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
