"""Administration: regions, countries and users at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assess.extensions import db
from assess.models import Region, User
from assess.web.policies import policy

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@policy("admin")
def index():
    regions = db.session.scalars(
        select(Region).options(selectinload(Region.countries)).order_by(Region.code)
    ).all()
    users = db.session.scalars(
        select(User)
        .options(selectinload(User.region), selectinload(User.country))
        .order_by(User.username)
    ).all()
    return render_template("admin/index.html", regions=regions, users=users)
