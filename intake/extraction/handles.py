# ruff: noqa: RUF001 - words in the scripts and punctuation of the letters read
"""User ids and handles as requests name them, and the phone numbers that are accounts.

A name is read where the request labels it ("Benutzername:", "ID de usuario", "identifiant
utilisateur :"), lists it ("accounts associated with a_b; c_d; and e_f", "the users 'x' and
'y'") or writes it as a handle beside an account word ("the account @x"); an ordinary word
after a label is never a user id."""

import re

_USER_ID = re.compile(
    r"(?:user\s*(?:ID|name|identifier)|username|handle|screen name|"
    r"identifiant(?: d'utilisateur| utilisateur)?|nom d'utilisateur|pseudo(?:nyme)?|"
    r"(?:Be)?[Nn]utzer(?:name|kennung|-ID)n?|Benutzerkennung|Profil-ID|Konto-ID|"
    r"nome de usu[áa]rio|nombre de usuario|ID de usu[áa]rio|ID de utilizador|usu[áa]rio(?=\s*:)|"
    r"ID utente|nome utente|gebruikersnaam|nazwa użytkownika|"
    # cs/sk, uk/ru/bg, el, id/ms, vi, tr, ar, he, zh, ja
    r"uživatelské jméno|používateľské meno|ім'я користувача|ім’я користувача|"
    r"имя пользователя|потребителско име|όνομα χρήστη|nama pengguna|ID pengguna|"
    r"tên người dùng|tên tài khoản|kullanıcı adı|اسم المستخدم|שם משתמש|"
    r"用戶帳號|用户账号|用戶名稱|用户名|帳號名稱|ユーザー名|ユーザーID|アカウント名|"
    # "la cuenta de usuario con identificador bw-uid-5519", "conta com o identificador …"
    r"(?:cuenta|conta|usuario|usuário)\s+(?:de\s+usu[áa]rio\s+)?(?:con|com)\s+(?:el\s+|o\s+)?"
    r"identificador)\)?\s*[:#：]?\s*"
    r"[\"“„«(]?\s*(@?[\w.\-]{3,40})",
    re.I,
)
# "the user greenmtn_hauler sent…": a bare name after "the user" is an id only when it is
# written like one (an underscore or a digit), never an ordinary word.
_THE_USER = re.compile(r"\bthe user\s+(@?[A-Za-z][\w.]*(?:_|\d)[\w.]*)\b")
# "the account @night_owl", "la cuenta @x", "le compte x_y_z": a handle beside an account word
_ACCOUNT_HANDLE = re.compile(
    r"\b(?:accounts?|profile|cuenta|perfil|compte|profil|conta|Konto|account\s+named)\s+"
    r"(?:de\s+|du\s+|named\s+|called\s+)?(@[A-Za-z0-9_][\w.]{1,30}[A-Za-z0-9_]|"
    r"[A-Za-z][\w.]*_[\w.]*[A-Za-z0-9])(?![\w@-]|\.[A-Za-z])",
    re.I,
)
# "account registered to or associated with corvidae_press; linnea_voss; and alderline_x"
_HANDLE_LIST = re.compile(
    r"accounts?\s+(?:registered to or associated with|associated with|registered to)\s+"
    r"([^\n.(]*(?:\n[^\n.(]*)?)",
    re.I,
)
_HANDLE = re.compile(r"@?[A-Za-z0-9][\w.]{2,29}")
NOT_HANDLE = frozenset(
    [
        "the",
        "a",
        "an",
        "any",
        "this",
        "that",
        "these",
        "those",
        "each",
        "following",
        "user",
        "users",
        "telephone",
        "phone",
        "number",
        "numbers",
        "e-mail",
        "email",
        "address",
        "account",
        "accounts",
        "subscriber",
        "customer",
        "name",
        "or",
        "and",
        "for",
        "from",
        "with",
        "to",
    ]
)
# "the two users 'mkvoice-dev' and 'xyk-studio'"
_QUOTE_OPEN, _QUOTE_CLOSE = "['\u2018\"\u201c]", "['\u2019\"\u201d]"
_QUOTED_NAME = re.compile(_QUOTE_OPEN + r"([\w.\-]{2,40})" + _QUOTE_CLOSE)
_QUOTED_USERS = re.compile(
    r"\busers?\s+((?:" + _QUOTED_NAME.pattern + r"(?:\s*(?:,|and|et|y|und)\s*)?)+)", re.I
)
_PHONE = r"\+?\(?\d[\d\s().\-]{6,18}\d"
# A phone number is a target only where the request names it as the account's identifier.
_PHONE_ACCOUNT = re.compile(
    r"accounts?\s+(?:registered to|associated with|for)\s+(?:the\s+)?(?:tele)?phone\s+numbers?\s+"
    r"(" + _PHONE + ")",
    re.I,
)
_PHONE_LIST_HEAD = re.compile(r"^\s*(?:target\s+)?(?:tele)?phone numbers\s*:\s*$", re.I)
_PHONE_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-•*])\s+(" + _PHONE + r")\s*$")


def user_ids(text: str) -> list[str]:
    """Every user id the request names, as written, in the order found."""
    found: list[str] = []
    for m in _USER_ID.finditer(text):
        value = m.group(1).rstrip(".")
        if value.startswith("@") and text[m.end(1) : m.end(1) + 1] == "@":
            continue  # a fediverse handle "@x@instance", read with the addresses
        bare = value.lower().lstrip("@")
        if "@" in value[1:] or bare.startswith(("the", "and")) or bare in NOT_HANDLE:
            continue
        found.append(value)
    found += [m.group(1) for m in _THE_USER.finditer(text)]
    for m in _ACCOUNT_HANDLE.finditer(text):
        if m.group(1).lower().lstrip("@") not in NOT_HANDLE:
            found.append(m.group(1))
    for m in _QUOTED_USERS.finditer(text):
        found += _QUOTED_NAME.findall(m.group(1))
    found += _listed(text)
    found += _phone_accounts(text)
    return found


def _listed(text: str) -> list[str]:
    """Account names listed after "account(s) associated with", every item shaped like one."""
    found: list[str] = []
    for m in _HANDLE_LIST.finditer(text):
        tail = re.split(r"\s+(?:for|from|during|between|since)\s+", m.group(1))[0]
        items = [i.strip() for i in re.split(r";|,|\band\b", tail) if i.strip()]
        if not items or any(
            not _HANDLE.fullmatch(i) or i.lower() in NOT_HANDLE or "@" in i[1:] for i in items
        ):
            continue
        found.extend(items)
    return found


def _phone_accounts(text: str) -> list[str]:
    """Telephone numbers the request names as the accounts it is about (a messenger's accounts
    are their phone numbers): never an agent's number, which has a label of its own."""
    found = [m.group(1).strip() for m in _PHONE_ACCOUNT.finditer(text)]
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not _PHONE_LIST_HEAD.match(line):
            continue
        for item in lines[i + 1 : i + 60]:
            if not item.strip():
                continue
            m = _PHONE_ITEM.match(item)
            if not m:
                break
            found.append(m.group(1).strip())
    return found
