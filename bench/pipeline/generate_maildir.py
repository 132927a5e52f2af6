#!/usr/bin/env python3
"""Writes N realistic forwarded DMCA notices into a Maildir (new/) for the ingest benchmark.

Usage: generate_maildir.py N DIR [SEED]

Each message is legal staff forwarding a complainant's notice to the intake mailbox, in the
three shapes the pipeline meets: attached as message/rfc822, forwarded inline (Gmail wording),
or forwarded twice. Notices vary in completeness (complete, missing elements, counter-notices,
retractions, other matters) and name 1-6 Wikimedia URLs. Personal data is fictional:
example.org/example.net addresses and 555 numbers.
"""
import os
import random
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timedelta, timezone

WIKIS = ["commons.wikimedia.org", "en.wikipedia.org", "de.wikipedia.org", "fr.wikipedia.org"]
WORDS = ["Sunset", "Harbor", "Portrait", "Skyline", "Mountain", "River", "Concert", "Logo",
         "Poster", "Bridge", "Garden", "Lighthouse", "Festival", "Album_cover", "Stadium"]
COMPANIES = ["Example Pictures LLC", "Sample Media GmbH", "Demo Photo Agency", "Acme Records"]

TAKEDOWN = """Dear Wikimedia Foundation,

I am writing on behalf of {company}, the owner of the copyright in the photograph
"{work}". The following material infringes that copyright:

{urls}

Copyright holder: {company}
Address: {number} Example Street, Springfield, USA
Telephone: +1 555 01{phone:02d}
E-mail: {sender}

{good_faith}
{accuracy}

Sincerely,
/s/ {name}
{company}
"""

GOOD_FAITH = ("I have a good faith belief that use of the copyrighted materials described above "
              "is not authorized by the copyright owner, its agent, or the law.")
ACCURACY = ("I swear, under penalty of perjury, that the information in this notification is "
            "accurate and that I am authorized to act on behalf of the copyright owner.")

COUNTER = """To the Wikimedia Foundation,

The following material was removed: {urls}

I swear, under penalty of perjury, that I have a good faith belief the material was removed as
a result of mistake or misidentification of the material to be removed.

I consent to the jurisdiction of the Federal District Court for the district in which my
address is located, and I will accept service of process from the person who provided the
notification.

Name: {name}
Address: {number} Sample Road, Shelbyville, USA
Telephone: +1 555 02{phone:02d}

/s/ {name}
"""

RETRACTION = """Hello,

We hereby withdraw our DMCA notice concerning {urls}. Please restore the material.

Regards,
{name}, {company}
"""

OTHER = """Hi,

Your site uses our trademark {work} on {urls} without permission. Please remove it.

{name}
"""


def notice_text(rng, i):
    name = rng.choice(["Jane", "John", "Alex", "Sam"]) + " " + rng.choice(
        ["Doe", "Roe", "Poe", "Smith"])
    company = rng.choice(COMPANIES)
    sender = f"agent{rng.randrange(50)}@example.org"
    titles = [rng.choice(WORDS) + f"_{rng.randrange(100000)}.jpg" for _ in range(rng.randint(1, 6))]
    urls = "\n".join(
        f"https://{rng.choice(WIKIS)}/wiki/File:{t}" if rng.random() < 0.8 else
        f"https://upload.wikimedia.org/wikipedia/commons/a/ab/{t}" for t in titles)
    fields = dict(name=name, company=company, sender=sender, urls=urls, work=rng.choice(WORDS),
                  number=rng.randrange(1, 999), phone=rng.randrange(100))
    roll = rng.random()
    if roll < 0.6:
        fields["good_faith"] = GOOD_FAITH if rng.random() < 0.85 else ""
        fields["accuracy"] = ACCURACY if rng.random() < 0.85 else ""
        return "DMCA takedown notice: " + fields["work"], sender, name, TAKEDOWN.format(**fields)
    if roll < 0.8:
        return "DMCA counter-notification", f"uploader{i}@example.net", name, COUNTER.format(**fields)
    if roll < 0.9:
        return "Withdrawal of DMCA notice", sender, name, RETRACTION.format(**fields)
    return "Trademark complaint", sender, name, OTHER.format(**fields)


def original_message(rng, i, when):
    subject, sender, name, text = notice_text(rng, i)
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "legal@wikimedia.example.org"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain="example.org")
    msg.set_content(text)
    if rng.random() < 0.4:
        html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
        msg.add_alternative(html, subtype="html")
    return msg


def forward(inner, rng, when, shape):
    outer = EmailMessage()
    outer["From"] = "Legal Staff <legal-staff@wikimedia.example.org>"
    outer["To"] = "dmca-intake@wikimedia.example.org"
    outer["Date"] = format_datetime(when + timedelta(minutes=rng.randrange(1, 600)))
    outer["Message-ID"] = make_msgid(domain="wikimedia.example.org")
    if shape == "attached":
        outer["Subject"] = "Fwd: " + inner["Subject"]
        outer.set_content("Please process the attached notice.\n")
        outer.add_attachment(inner)
        return outer
    body = inner.get_body(("plain",)).get_content()
    outer["Subject"] = "Fwd: " + inner["Subject"]
    outer.set_content(
        "FYI\n\n---------- Forwarded message ---------\n"
        f"From: {inner['From']}\nDate: {inner['Date']}\nSubject: {inner['Subject']}\n"
        f"To: {inner['To']}\n\n{body}")
    return outer


def main():
    count, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 512)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    stamp = int(time.time())
    for i in range(count):
        when = start + timedelta(hours=i)
        inner = original_message(rng, i, when)
        shape = rng.choice(["attached", "inline", "twice"])
        msg = forward(inner, rng, when, "attached" if shape != "inline" else "inline")
        if shape == "twice":
            msg = forward(msg, rng, when, "attached")
        name = f"{stamp}.M{i}P{os.getpid()}.bench"
        with open(os.path.join(root, "tmp", name), "wb") as f:
            f.write(bytes(msg))
        os.rename(os.path.join(root, "tmp", name), os.path.join(root, "new", name))
    print(f"wrote {count} messages to {root}/new")


if __name__ == "__main__":
    main()
