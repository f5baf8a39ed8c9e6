"""The marks a request carries: whether someone signed it, and whether it is on an agency's
printed letterhead (DESIGN.md's reading rules for `signed` and `letterhead`).

Signed means an explicit mark, in every language the reader supports (en fr de es it pt nl):
`/s/ Name`, `Signed:`, `Signé :`, `gez.`, `Fdo.:`, `Assinado:`, `F.to`, `w.g.`, `Sd/-`, a
bracketed `[signed]` / `(assinado)` on a conformed copy, a statement that the document carries
a digital or qualified electronic signature, or a judge's signature under an order. A typed
name under a mail is not a signature, and neither is "valid without signature".

Letterhead means a printed header naming the agency at the top of a letter. A court's caption
on an order or a form ("IN THE UNITED STATES DISTRICT COURT") is not one, but a court's own
printed letterhead (a state's emblem line such as "PODER JUDICIÁRIO" or "T.C." above the
court's name) is. Only letters count (attachments and files): a header typed at the top of a
mail body is not printed letterhead, as the team's own corpus labels it.
"""

import re
from collections.abc import Sequence

from intake.extraction.people import RANKS

_NAME = r"[A-ZÀ-ÖØ-Þ][\w.'\u2019-]*"
_TYPED_MARK = re.compile(
    # "/s/ Name" at the start of a line, after "By:", or beside a date on the same line.
    r"(?:^|[\s:(])/s/\s*" + _NAME + "|"
    # A signature keyword followed by a name: en fr de es it pt nl.
    r"\b(?:Signed|Sign[ée]e?|Assinad[oa]|Firmad[oa]|Firmat[oa]|Getekend|Ondertekend|"
    r"Unterzeichnet)[ \t]*:[ \t]*" + _NAME + "|"
    r"^\s*Signé\b|\bgez\.\s*\S|\bFdo\.\s*:?\s*\S|\bF\.to\s*:?\s*\S|\bw\.g\.\s*\S|\bSd/-|"
    # A conformed copy: the mark in brackets where the signature stood.
    r"[\[(](?:signed|sign[ée]e?|gez\.?|gezeichnet|firmad[oa]|firmat[oa]|assinad[oa]|"
    r"getekend|ondertekend)[\])]|"
    # The order's judge, named in quotes on a conformed copy: (Signature of justice) "A. Name".
    r"\((?i:signature of) [^)\n]{1,40}\)\s*[\"\u201c]\s*" + _NAME + "|"
    r"Signature\s*:\s*[A-Z/][a-z/]|"
    # Conformed copies outside the Latin script: the word for "signature" or "signed" in
    # brackets where the signature stood (Bulgarian/Russian "(п)", Ukrainian, Russian,
    # Greek, Hebrew, Arabic, Korean, Chinese, Japanese, Turkish, Polish/Czech, Indonesian).
    r"[\[(\uff08]\s*(?:п|підпис\w*|подпис\w*|υπογραφ\w*|חתימה|חתום|توقيع|التوقيع|موقع|إمضاء|"
    r"서명|签名|簽名|署名|签字|簽字|签章|簽章|盖章|蓋章|imza|podpis|ttd|tertanda|đã ký|"
    r"ลงชื่อ|ลงนาม)(?!\w)[^)\]\uff09\n]{0,30}[\])\uff09]|"
    # Polish "/-/ Name" or "(-) Name": the dash where the signature stood.
    r"(?:/-/|\(-\))[ \t]*" + _NAME + "|"
    # A seal pressed where the head signs: 【…印】, the same in fullwidth brackets, (직인), ㊞,
    # 【職章】.
    r"[【\uff08(\[][^】\uff09)\]\n]{0,40}(?:印|職章|직인)\s*[】\uff09)\]]|㊞|[(\uff08]\s*인\s*[)\uff09]|"
    # Czech and Slovak "v. r." (vlastní rukou, by one's own hand) after the signer's name.
    r"[^\W\d_][ \t]+v\.[ \t]?r\.[ \t]*$|"
    # Dutch "Getekend," / "Ondertekend," with the signer's name on the next line.
    r"\b(?:Getekend|Ondertekend),[ \t]*\n[ \t]*(?:\w+\.?[ \t]+)?" + _NAME + "|"
    # "Original signed by" over a conformed copy of a court's order.
    r"\bOriginal signed by\b",
    re.M,
)
# A digital or qualified electronic signature stated on the document.
_ELECTRONIC = re.compile(
    r"Digitally signed by|Electronically signed|"
    r"(?:signed|sign[ée]e?|firmad[oa]|firmat[oa]|assinad[oa]|unterzeichnet|signiert|"
    r"ondertekend)\s+(?:digitally|electronically|digitalement|électroniquement|"
    r"digitalmente|electrónicamente|eletronicamente|electronicamente|elettronicamente|"
    r"digital|elektronisch|digitaal)|"
    r"(?:digitaal|elektronisch|digital|digitally|electronically) (?:ondertekend|signiert|"
    r"unterzeichnet|signed)|"
    r"(?:qualified|qualifizierte[rn]?|gekwalificeerde) ele[ck]troni\w* (?:signature|Signatur|"
    r"handtekening)|"
    # Austrian "amtssigniert" (an authority's official e-signature), Czech, Slovak, Polish,
    # Indonesian, Spanish, Vietnamese ("Đã ký số": digitally signed), Ukrainian, Greek.
    r"amtssigniert|podeps[aá]n[oa]? elektronicky|elektronicky podeps|"
    r"podp[ií]san[éeáaýy]? elektronicky|kwalifikowanym podpisem elektronicznym|"
    r"(?:digitaalselt allkirjastatud|allkirjastatud digitaalselt)|elektronsko podpisan|"
    r"podpisano elektronsko|elektronički potpisan|semnat electronic|elektronikusan aláírt|"
    r"podpisan[oay]? elektronicznie|ditandatangani (?:secara )?elektroni[ks]|"
    r"firma electr[oó]nica|firma digital|assinatura (?:digital|eletr[oô]nica)|\bký số\b|"
    r"(?:підписано|підписаний) (?:\w+ ){0,2}електронн\w+ (?:\w+ )?підпис|"
    r"(?:ηλεκτρονικά|ψηφιακά) υπογεγραμμέν|υπογεγραμμένο (?:ηλεκτρονικά|ψηφιακά)|"
    r"elektronik imza ile imzalan|e-imzal\u0131d\u0131r|"
    r"подписан\w*\s+(?:\w+\s+){0,2}электронной\s+подписью",
    re.I,
)
# "without signature", "not signed", "sin firma": the words above said of their absence.
_DENIED = re.compile(
    r"\b(?:not|no|without|nicht|ohne|pas|non|sin|sem|não|senza|niet|zonder|geen)\s+(?:\w+\s+){0,2}$",
    re.I,
)
# A judge's signature under an order: after the words that order, the judge's name on one
# line and the judge's title on the next (or the title, then the name), in each language.
_ORDERING = (
    r"(?i:SO ORDERED|IT IS (?:FURTHER |HEREBY )?ORDERED|ORDONNONS|PAR CES MOTIFS|"
    r"wird (?:\w+ ){0,3}angeordnet|beschlossen|DISPONGO|ACUERDO|ORDENO|P\.\s?Q\.\s?M\.|"
    r"DISPONE|ORDINA|DETERMINO|DEFIRO|BESLIST|beveelt)"
)
_JUDGE_TITLE = (
    r"(?i:Judge|Magistrate|Justice|Juge|Richter(?:in)?|Ju(?:e|í)za?|Juiz|Magistrad[oa]|"
    r"Giudice|Rechter|rechter-commissaris)"
)
_PLACE = r"District|Court|County|State|States|Division|Circuit|Tribunal|Gericht|Vara|Comarca"
_PERSON = (
    r"^[ \t]*(?:/s/\s*)?(?!.*\b(?:" + _PLACE + r")\b)"
    r"(?:(?:Hon|Dr|Dott|Dott\.ssa|Mme|Me|M|mr|Mr|Mrs|Ms)\.?\s+)?"
    r"[A-ZÀ-ÖØ-Þ][\w.'\u2019-]+(?:[ \t]+(?:(?:de|van|der|den|von|da|di|del|dos|du|la|le)[ \t]+)*"
    r"[A-ZÀ-ÖØ-Þ][\w.'\u2019-]+){1,3},?[ \t]*$"
)
_ORDERS = re.compile(_ORDERING)
_JUDGE_SIGNS = re.compile(
    r"(?:" + _PERSON + r"\s*^.*" + _JUDGE_TITLE + "|^.*" + _JUDGE_TITLE + r".*$\s*" + _PERSON + ")",
    re.M,
)
# How far under the ordering words the judge signs, and how many ordering words are looked
# under (bounded: the first and the last few, where an order's operative part ends).
_UNDER = 1800
_ENDS = 10


def _judge_signs(text: str) -> bool:
    orders = [m.end() for m in _ORDERS.finditer(text)]
    looked = orders if len(orders) <= 2 * _ENDS else orders[:_ENDS] + orders[-_ENDS:]
    return any(_JUDGE_SIGNS.search(text[at : at + _UNDER]) for at in looked)


def find_signed(text: str) -> bool:
    for pattern in (_TYPED_MARK, _ELECTRONIC):
        for m in pattern.finditer(text):
            if not _DENIED.search(text[max(0, m.start() - 30) : m.start()]):
                return True
    return _judge_signs(text)


# An organisation's name: an agency, an office, a court, a unit, in the supported languages.
_ORGANISATION = re.compile(
    r"Police|Sheriff|Bureau|Department|Constabulary|Gendarmerie|Polizei|kriminalamt|Agency|"
    r"Mounted|RCMP|Marshals?|Secret Service|Homeland|Attorney|Prosecutor|Tribunal|"
    r"Ministry|Minist[eè]re|Commissariat|Staatsanwaltschaft|Parquet|Administration|"
    r"Investigation|Inspection|Enforcement|Direction|Revenue Service|Office|Authority|"
    r"Association|Commission|Council|Centre|Center|\bUnit\b|Europol|Eurojust|Interpol|"
    r"Pol[ií]c[ií]a|Polizia|Politie|Delegacia|Fiscal[ií]a|Procuradoria|Minist[ée]rio|Guardia|"
    r"S[ûu]ret[ée]|Garda|Carabinieri|Procura|Parquet|Justiz|Gericht|Juzgado|Tribunal|Vara\b|"
    # Authorities in the other languages requests come in: police, ministry, prosecution,
    # court, authority, inspectorate, commission, directorate, service (cs sk pl sl et tr id
    # vi it nl de, Cyrillic, Greek, Hebrew, Arabic, Chinese, Japanese, Korean).
    r"Beh[öo]rde|Polici[ej]\b|Policj\w*|Prokuratur\w*|M[üu]d[üu]rl[üu]ğ[üu]|Başkanl\u0131ğ\u0131|"
    r"Polis\b|Polisi|politsei|Emniyet|Savc[ıi]l[ıi]|Mahkeme|"  # noqa: RUF001
    r"Bakanl[ıi]|Kurumu|Prokuratura|Komenda|S[ąa]d\b|Urz[ąa]d|Ministerstv?o|ředitelství|"  # noqa: RUF001
    r"[úu]řad|soud\b|Kementerian|Direktorat|Kejaksaan|Pengadilan|Badan\b|Garante|Autorit[àa]|"
    r"Autoriteit|Ministerie|Inšpektorat|Inspektor[aá]t|Inspectorate|Agentur|Amt\b|"
    r"\bB[ỘộO]\b|\bC[ỤụU]C\b|C[ÔôO]NG AN|T[ÒòO]A [ÁáA]N|VI[ỆệE]N KI[ỂểE]M S[ÁáA]T|"
    r"полиц|поліці|министерств|міністерств|прокурат|\bсъд|\bсуд\b|комиси|коміс|служб|"  # noqa: RUF001
    r"департамент|агенц|управлени|управлін|"
    r"αστυνομ|εισαγγελ|υπουργ|δικαστ|αρχή|διεύθυνσ|"
    r"משטרת|משרד|בית המשפט|בית משפט|רשות|פרקליטות|"
    r"وزارة|شرطة|الشرطة|النيابة|الإدارة|محكمة|هيئة|"
    r"警察|公安|検察|檢察|检察|法院|裁判所|政府|委員會|委员会|県警|警視庁|경찰|검찰|법원|"
    r"ตำรวจ|กระทรวง|ศาล|สำนักงาน|อัยการ",
    re.I,
)
# A person's title, not an organisation ("Inspector of Police", "Delegada de Polícia").
_TITLE_LINE = re.compile(
    rf"^(?:(?:{RANKS})\s*)+(?:(?:of|de|da|do|du|der)\s+(?:la\s+)?[\wÀ-ÿ]+)?$", re.I
)
_ADDRESSEE = re.compile(
    r"Law Enforcement (?:Response|Relations)|Custodian of Records|Legal Department|"
    r"Compliance|Trust (?:&|and) Safety",
    re.I,
)
_SENTENCE_WORDS = re.compile(
    r"@|https?://|\b(?:to|is|are|we|please|our|your|this|request|dear|whom)\b", re.I
)
# An English court caption (an order's or a form's heading, not a letterhead).
_CAPTION = re.compile(r"\bCourt\b|^IN THE\b|^(?:THE )?STATE OF\b|^COMMONWEALTH OF\b", re.I)
# A state's emblem line printed above a court's or an authority's own letterhead.
_EMBLEM = re.compile(
    r"^(?:PODER JUDICI[AÁ]RIO|T\.\s?C\.|R[ÉE]PUBLIQUE FRAN[ÇC]AISE|ROYAUME DE BELGIQUE|"
    r"REPUBBLICA ITALIANA|REP[ÚU]BLICA (?:FEDERATIVA DO BRASIL|PORTUGUESA|ARGENTINA)|"
    r"REINO DE ESPA[ÑN]A|BUNDESREPUBLIK DEUTSCHLAND|KONINKRIJK DER NEDERLANDEN|"
    r"MINIST[ÉE]RIO P[ÚU]BLICO|MINISTERIO P[ÚU]BLICO)(?!\w)",
    re.I,
)
_HEAD_LINES = 5


def _is_organisation_line(line: str) -> bool:
    if not line or len(line) > 90 or not _ORGANISATION.search(line) or _TITLE_LINE.match(line):
        return False
    if line.endswith(",") or _ADDRESSEE.search(line) or _SENTENCE_WORDS.search(line):
        return False
    if re.search(r"\d{3}", line):
        return False
    # Scripts without case (Hebrew, Arabic, Han, Hangul) count as capitalised.
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3 or not w.isascii()]
    return bool(words) and sum(not w[0].islower() for w in words) / len(words) >= 0.6


def _head(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()][:_HEAD_LINES]


def _letter_has_letterhead(letter: str) -> bool:
    head = _head(letter)
    if head and _EMBLEM.match(head[0]) and len(head) > 1:
        return True  # a state's printed emblem over the authority's (or court's) own name
    return any(_is_organisation_line(ln) and not _CAPTION.search(ln) for ln in head)


# A reference-number line under an official header: what makes a header block an official
# letter (numbered in the authority's register) rather than a header typed over a mail.
_REFERENCE = re.compile(
    r"^(?:[\w .'/-]{0,25}\b(?:ref(?:erence)?|r[ée]f(?:[ée]rence)?|no|nr|number|n[º°]|kenmerk|"
    r"prot|protocollo|aktenzeichen|az|gesch[äa]ftszahl|gz|nomor|số|č\.\s?j|sp\.\s?zn|say[ıi]|"  # noqa: RUF001
    r"αριθ\w*|исх|вих|סימוכין|מספר)\b\.?\s*[:.]?\s*\S*\d|.*(?:№|رقم)\s*\d|.*字第)",
    re.I,
)
# A line of dashes or equals signs: where a mail body quotes a document below its own text.
_SEPARATOR = re.compile(r"^\s*[-=_]{3,}.*[-=_]{3,}\s*$", re.M)
_BLOCKS = 4


def _body_carries_letter(body: str) -> bool:
    """A numbered official document quoted in a mail below a separator line: its header (the
    authority's name) with the document's reference number under it. The mail's own opening
    is not looked at: a header typed there, even with a reference number, is the team's
    corpus's "header typed over a mail", not printed letterhead."""
    for block in _SEPARATOR.split(body)[1:_BLOCKS]:
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()][:6]
        if not any(_is_organisation_line(ln) and not _CAPTION.search(ln) for ln in lines[:2]):
            continue
        if any(_REFERENCE.match(ln) for ln in lines[1:]):
            return True
    return False


def find_letterhead(letters: Sequence[str], bodies: Sequence[str] = ()) -> bool:
    """Whether a letter opens with a printed agency header. Letters (attachments, files)
    count; a mail body only where it quotes a numbered official document (a header typed at
    the top of a mail is not printed letterhead)."""
    return any(_letter_has_letterhead(t) for t in letters) or any(
        _body_carries_letter(b) for b in bodies
    )
