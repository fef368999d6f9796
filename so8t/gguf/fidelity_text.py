"""The default prompt set and held-out text of the GGUF fidelity check (not in the demo corpus)."""

#: Short prompts in English and Japanese; every position of each is compared.
PROMPTS = (
    "The weather station on the hill records wind speed every ten minutes.",
    "A library keeps old maps in a cool room with low light.",
    "Please summarise the meeting notes in three short points.",
    "If the train leaves at nine and the trip takes two hours, it arrives at eleven.",
    "Write a polite reply to a customer who asked about a late delivery.",
    "The recipe needs flour, water, salt and a little patience.",
    "Explain why the sky looks blue on a clear day.",
    "A small boat crossed the lake before the storm arrived.",
    "明日の会議は午後二時から始まります。",
    "この町の図書館には古い地図がたくさんあります。",
    "駅から歩いて十分ほどで海に着きます。",
    "Can you list the steps to replace a bicycle tyre?",
)

#: Held-out text for perplexity (several paragraphs, plain prose, mixed languages).
HELDOUT_TEXT = """\
Every morning the baker lights the oven before the sun comes up. The first loaves are for the
neighbours who start work early, and the rest go to the market in a wooden cart. When the cart
comes back empty, the baker writes down what sold first, so that tomorrow there is a little more
of it and a little less of what stayed on the shelf.

The river that runs through the valley is wide but shallow. In summer children walk across it on
flat stones, and in spring it carries snow water from the mountains, loud and cold. A stone bridge
was built three hundred years ago; it has been repaired many times, but the arches are the same.

Learning to play an instrument takes time. A teacher once said that ten minutes of careful practice
every day is worth more than two hours once a week. Scales feel slow at first, yet they teach the
hands where the notes are, and after a while the music starts to feel like speaking.

古い港町では、朝早くから魚市場がにぎわいます。漁師たちは夜のうちに船を出し、夜明け前に戻ってきます。
市場の人々は魚の種類と大きさを見て値段を決め、昼前にはほとんどの魚が売れてしまいます。

A good map shows what matters for the journey and leaves out the rest. Hikers need contour lines
and water sources; sailors need depths and lighthouses; a city visitor needs streets and stations.
Drawing a map is therefore a choice about who will read it and what they want to do.
"""
