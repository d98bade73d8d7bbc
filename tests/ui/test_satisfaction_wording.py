"""The Xerox "6x" is a defection ratio in the model (`calculators.satisfaction`): every text that
states what the app does with it says customers rating 4/5 *leave* that many times as often as
those rating 5/5, and none says customers "buy 6x more"."""

import re

import pytest

from calculators.satisfaction import satisfaction_retention
from ui.cards import sources
from ui.i18n import catalog

# "repurchase N× more", "buy 6 times more", "riacquistano N volte di più", "comprano 6 volte…".
BUY_MORE = re.compile(
    r"(repurchase|buy|buys|bought)\s+(again\s+)?(\{\w+\}|(N|\d+|six)\s*(×|x|times))\s+more"
    r"|(riacquist|compr)\w*\s+(ancora\s+)?(\{[\w:]+\}|(N|\d+|sei)\s*(×|volte))\s+di\s+più",
    re.IGNORECASE,
)
# Texts that say what the model does with the ratio, and the word each must use for leaving.
MODEL_TEXTS = (
    "field.loyalty.repurchase_ratio.label",
    "loy.satisfaction.intro",
    "loy.satisfaction.model",
    "exp.whatif.intro",
    "present.steps.delighted.how",
)
LEAVE = {"en": re.compile(r"\bleave\b"), "it": re.compile(r"andarsene|se ne va")}


def test_the_model_ratio_is_on_leaving_not_on_buying():
    # 80% retention, 30% rate 5/5 and 50% rate 4/5, ratio 6: d5 = 0.8 x 0.2 / (0.3 + 3) =
    # 0.048485, d4 = 0.290909. Leaving: 6 times as often; staying: 0.709 / 0.952, not 6x.
    groups = satisfaction_retention(0.8, 0.3, 0.5, 6)
    assert groups.defection_ratio == pytest.approx(6)
    assert 1 - groups.extremely_satisfied == pytest.approx(0.16 / 3.3)
    assert groups.extremely_satisfied / groups.satisfied == pytest.approx(
        (1 - 0.16 / 3.3) / (1 - 0.96 / 3.3)
    )


@pytest.mark.parametrize("lang", ["en", "it"])
def test_no_text_says_delighted_customers_buy_n_times_more(lang):
    texts = dict(catalog(lang))
    card = sources()["delighted_6x"][lang]
    texts |= {f"sources.delighted_6x.{part}": text for part, text in card.items()}
    offending = {key: text for key, text in texts.items() if BUY_MORE.search(text)}
    assert offending == {}


@pytest.mark.parametrize("lang", ["en", "it"])
def test_texts_about_the_model_say_customers_leave(lang):
    texts = catalog(lang)
    for key in MODEL_TEXTS:
        assert LEAVE[lang].search(texts[key]), (lang, key, texts[key])
    assert LEAVE[lang].search(sources()["delighted_6x"][lang]["default"])
