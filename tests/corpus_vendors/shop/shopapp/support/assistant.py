"""LLM helpers used by support agents: summaries, reply drafts, language and urgency triage."""
import anthropic
from groq import Groq
from mistralai import Mistral
from openai import AsyncOpenAI

from shopapp import settings

SUMMARY_PROMPT = (
    "You summarise customer support tickets for an agent. "
    "Reply with three bullet points: problem, what the customer tried, what they want."
)

mistral = Mistral(api_key=settings.MISTRAL_API_KEY)
groq_client = Groq(api_key=settings.GROQ_API_KEY)


class TicketAssistant:
    def __init__(self):
        self.openai = AsyncOpenAI(api_key=settings.OPENAI_API_KEY)  # ok: any
        self.claude = anthropic.Anthropic()

    async def summarise(self, ticket):
        messages = [
            {"role": "system", "content": SUMMARY_PROMPT},
            {"role": "user", "content": ticket.body},
        ]
        response = await self.openai.chat.completions.create(model="gpt-4o-mini", messages=messages, temperature=0.2)  # expect: user.content -> third_party:openai
        return response.choices[0].message.content

    def draft_reply(self, ticket):
        prompt = f"Customer {ticket.customer.full_name} wrote:\n\n{ticket.body}\n\nDraft a short, friendly reply."
        message = self.claude.messages.create(model="claude-sonnet-4-5", max_tokens=800, messages=[{"role": "user", "content": prompt}])  # expect: user.name -> third_party:anthropic; user.content -> third_party:anthropic
        return message.content[0].text


def detect_language(text):
    response = mistral.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": f"Answer with an ISO 639-1 code only. Language of: {text}"}])  # expect: user.content -> third_party:mistral
    return response.choices[0].message.content.strip().lower()


def rate_urgency(message_body):
    messages = [
        {"role": "system", "content": "Rate the urgency of this support message as low, normal or high."},
        {"role": "user", "content": message_body},
    ]
    completion = groq_client.chat.completions.create(model="llama-3.1-8b-instant", messages=messages, max_tokens=3)  # expect: user.content -> third_party:groq
    return completion.choices[0].message.content.strip().lower()
