"""questions to the experts and their public Q&A entries

Revision ID: 0005_questions
Revises: 0004_card_refs
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import core.persistence.models.base


revision: str = '0005_questions'
down_revision: Union[str, None] = '0004_card_refs'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('region_code', sa.String(length=40), nullable=True),
    sa.Column('zone_code', sa.String(length=40), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('asked_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claim_expires_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('passed_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('answer_language', sa.String(length=5), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_name', sa.String(length=200), nullable=True),
    sa.Column('answered_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.String(length=16), nullable=True),
    sa.Column('asker_consent', sa.Boolean(), nullable=True),
    sa.Column('expert_consent', sa.Boolean(), nullable=True),
    sa.Column('published_at', core.persistence.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('practices', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['people.id'], name=op.f('fk_questions_answered_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asker_id'], ['people.id'], name=op.f('fk_questions_asker_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['people.id'], name=op.f('fk_questions_claimed_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_questions_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_status'))
        batch_op.drop_index(batch_op.f('ix_questions_published_at'))
        batch_op.drop_index(batch_op.f('ix_questions_asker_id'))

    op.drop_table('questions')
