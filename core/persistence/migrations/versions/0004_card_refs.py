"""desk card references: where each Slack card was posted, to update it later

Revision ID: 0004_card_refs
Revises: 0003_delivery_lanes
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import core.persistence.models.base


revision: str = '0004_card_refs'
down_revision: Union[str, None] = '0003_delivery_lanes'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('desk_card_refs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('desk', sa.String(length=80), nullable=False),
    sa.Column('channel_id', sa.String(length=40), nullable=True),
    sa.Column('ts', sa.String(length=40), nullable=True),
    sa.Column('updated_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_card_refs')),
    sa.UniqueConstraint('subject', 'subject_id', 'desk', name=op.f('uq_desk_card_refs_subject_subject_id_desk'))
    )


def downgrade() -> None:
    op.drop_table('desk_card_refs')
