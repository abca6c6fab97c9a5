import pytest

from nlp.pii import mask_pii


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("écrivez à jean.dupont@gmail.com svp", "écrivez à [EMAIL] svp"),
        ("Contact: marie-claire+nps@sub.example.co.uk.", "Contact: [EMAIL]."),
        ("appelez le 06 12 34 56 78.", "appelez le [PHONE]."),
        ("06.12.34.56.78", "[PHONE]"),
        ("06-12-34-56-78", "[PHONE]"),
        ("tel 0612345678 merci", "tel [PHONE] merci"),
        ("+33 6 12 34 56 78", "[PHONE]"),
        ("+33 (0)6 12 34 56 78", "[PHONE]"),
        ("0033 6 12 34 56 78", "[PHONE]"),
        ("call +44 20 7946 0958 now", "call [PHONE] now"),
        ("+1 (555) 123-4567", "[PHONE]"),
        ("(555) 123-4567", "[PHONE]"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "IBAN [IBAN] merci"),
        ("FR7630006000011234567890189", "[IBAN]"),
        ("GB82 WEST 1234 5698 7654 32", "[IBAN]"),
        ("DE89370400440532013000", "[IBAN]"),
        ("carte 4111 1111 1111 1111 débitée", "carte [CARD] débitée"),
        ("4111-1111-1111-1111", "[CARD]"),
        ("5555555555554444", "[CARD]"),
        ("378282246310005", "[CARD]"),  # 15-digit Amex
    ],
)
def test_pii_masks_each_kind(raw, expected):
    assert mask_pii(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prix 12,50 € pour 1 299,00 €",
        "payé 1299.99 $",
        "livré le 12/03/2024",
        "livré le 01.02.2024",
        "ref 2023-11-05",
        "commande 123456",
        "commande n°98765432 en retard",
        "client depuis 2019",
        "10/10",
        "note 9/10",
        "1 000 000 000 € de CA",
        "+20 % en un an",
        "4111 1111 1111 1112",  # fails the Luhn check
        "3 jours, 2 appels",
    ],
)
def test_pii_leaves_non_personal_numbers(text):
    assert mask_pii(text) == text
