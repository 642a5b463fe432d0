"""question translations: the Secretariat's translations of a question and its answer, by
language, so that the asker gets the answer in theirs and a public entry reads in the reader's

Revision ID: 0008_question_translations
Revises: 0007_inbound_work
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0008_question_translations'
down_revision: Union[str, None] = '0007_inbound_work'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch:
        batch.add_column(
            sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch:
        batch.drop_column('translations')
