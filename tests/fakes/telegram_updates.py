"""Telegram updates as the Bot API sends them (JSON), for the fake server's getUpdates queue."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1000)


@dataclass
class TelegramUser:
    id: int
    first_name: str
    language_code: str | None = "en"
    update_ids: itertools.count[int] = field(default_factory=lambda: _ids)

    def _user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "update_id": next(self.update_ids),
            "message": {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                "from": self._user(),
                **content,
            },
        }

    def text(self, text: str) -> dict[str, Any]:
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._message(text=text, entities=entities)

    def photo(self, file_id: str, caption: str = "") -> dict[str, Any]:
        sizes = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
            {
                "file_id": file_id,
                "file_unique_id": "b",
                "width": 800,
                "height": 600,
                "file_size": 54_321,
            },
        ]
        return (
            self._message(photo=sizes, caption=caption) if caption else self._message(photo=sizes)
        )

    def location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return self._message(location={"latitude": latitude, "longitude": longitude})

    def sticker(self) -> dict[str, Any]:
        sticker = {
            "file_id": "stk",
            "file_unique_id": "stk",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
        return self._message(sticker=sticker)

    def voice(self) -> dict[str, Any]:
        return self._message(voice={"file_id": "vc", "file_unique_id": "vc", "duration": 3})

    def press(self, data: str, message_id: int = 1) -> dict[str, Any]:
        return {
            "update_id": next(self.update_ids),
            "callback_query": {
                "id": str(next(_ids)),
                "from": self._user(),
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": self.id, "type": "private"},
                    "text": "…",
                },
            },
        }

    def blocks_bot(self) -> dict[str, Any]:
        member = {"user": {"id": 1, "is_bot": True, "first_name": "hub"}}
        return {
            "update_id": next(self.update_ids),
            "my_chat_member": {
                "chat": {"id": self.id, "type": "private"},
                "from": self._user(),
                "date": int(time.time()),
                "old_chat_member": {**member, "status": "member"},
                "new_chat_member": {**member, "status": "kicked", "until_date": 0},
            },
        }
