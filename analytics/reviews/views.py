"""Review pages: the list, one review (owner edits, an active coach reads and comments),
the checklist templates, and the coach's list of a mentee's reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.rendering import render_page
from accounts.selectors import get_mentee_for
from accounts.services import comment_create
from analytics.models import Review, ReviewKind

from . import selectors, services
from .forms import ReflectionForm, ReviewCommentForm, ReviewSearchForm, TemplateItemForm


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    form = ReviewSearchForm(request.GET or None)
    query = kind = ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = selectors.reviews_page(
        request.user, query=query, kind=kind, page=request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "query": query,
        "kind": kind,
        "open_reviews": selectors.open_reviews(request.user),
        "now": timezone.now(),
    }
    return render_page(request, "analytics/reviews/review_list.html", context, "review-results")


@login_required
@require_GET
def review_panel(request: HttpRequest) -> HttpResponse:
    """The dashboard panel: open reviews, loaded into the dashboard with htmx."""
    context = {"open_reviews": selectors.open_reviews(request.user)[:5], "now": timezone.now()}
    return render(request, "analytics/reviews/partials/_panel.html", context)


def _detail_context(request: HttpRequest, review: Review, **extra) -> dict:
    is_owner = review.creator_id == request.user.pk
    context = {
        "review": review,
        "items": review.items.all(),
        "is_owner": is_owner,
        "now": timezone.now(),
        "comments": selectors.review_comments(review),
        "comment_form": ReviewCommentForm(),
        "summary": review.summary,
    }
    if is_owner:
        context["reflection_form"] = ReflectionForm(instance=review)
        context["idea_titles"] = services.idea_titles(review)
    context.update(extra)
    return context


@login_required
@require_GET
@vary_on_headers("HX-Request")
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_readable_review(request.user, pk)
    return render(request, "analytics/reviews/review_detail.html", _detail_context(request, review))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def review_item_toggle(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    review = selectors.get_review_for(request.user, pk)
    done = request.POST.get("done") in {"1", "true", "on"}
    try:
        item = services.review_item_set_done(
            review=review, item_id=item_id, done=done, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(review)
    if request.htmx:
        context = {"review": review, "item": item, "is_owner": True}
        return render(request, "analytics/reviews/partials/_item.html", context)
    return redirect(review)


@login_required
@require_POST
def review_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(request.user, pk)
    form = ReflectionForm(request.POST, instance=review)
    if form.is_valid():
        try:
            services.review_update(
                review=review,
                now=timezone.now(),
                completed=True if "complete" in request.POST else None,
                **{field: form.cleaned_data[field] for field in ReflectionForm.Meta.fields},
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if "complete" in request.POST:
                messages.success(request, _("Review completed. Well done!"))
            else:
                messages.success(request, _("Your reflection was saved."))
            return redirect(review)
    context = _detail_context(request, review, reflection_form=form)
    return render(request, "analytics/reviews/review_detail.html", context, status=400)


@login_required
@require_POST
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(request.user, pk)
    try:
        services.review_update(review=review, now=timezone.now(), completed=False)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(review)


@login_required
@require_POST
def review_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(request.user, pk)
    services.review_refresh_summary(review=review, now=timezone.now())
    messages.success(request, _("The numbers were refreshed."))
    return redirect(review)


@login_required
@require_POST
def review_ideas(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for(request.user, pk)
    try:
        created = services.review_ideas_create(review=review, now=timezone.now())
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(count)s new content ideas were added for the next period.")
            % {"count": len(created)},
        )
    return redirect(review)


@login_required
@require_POST
def review_comment(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.get_readable_review(request.user, pk)
    form = ReviewCommentForm(request.POST)
    if form.is_valid():
        try:
            comment_create(author=request.user, target=review, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", _error_text(error))
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(review)
    context = _detail_context(request, review, comment_form=form)
    return render(request, "analytics/reviews/review_detail.html", context, status=400)


def _kind_or_weekly(kind: str) -> str:
    return kind if kind in ReviewKind.values else ReviewKind.WEEKLY


@login_required
@vary_on_headers("HX-Request")
def review_templates(request: HttpRequest, kind: str = ReviewKind.WEEKLY) -> HttpResponse:
    kind = _kind_or_weekly(kind)
    form = TemplateItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.template_item_add(
                    creator=request.user, kind=kind, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error("text", _error_text(error))
            else:
                form = TemplateItemForm()
        if form.errors:
            status = 400
    return _templates_response(request, kind, form, status)


def _templates_response(
    request: HttpRequest, kind: str, form: TemplateItemForm, status: int = 200
) -> HttpResponse:
    context = {
        "kind": kind,
        "kinds": ReviewKind.choices,
        "texts": services.template_texts(creator=request.user, kind=kind),
        "form": form,
    }
    template = "analytics/reviews/template_edit.html"
    return render_page(request, template, context, "template-items", status=status)


@login_required
@require_POST
def review_template_item(request: HttpRequest, kind: str, position: int) -> HttpResponse:
    """Remove an item, or move it up or down."""
    kind = _kind_or_weekly(kind)
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.template_item_remove(creator=request.user, kind=kind, position=position)
        elif action in {"up", "down"}:
            services.template_item_move(
                creator=request.user,
                kind=kind,
                position=position,
                offset=-1 if action == "up" else 1,
            )
        elif action == "reset":
            services.template_reset(creator=request.user, kind=kind)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    if request.htmx:
        return _templates_response(request, kind, TemplateItemForm())
    return redirect("analytics:review_templates_kind", kind=kind)


@login_required
@require_GET
def mentee_reviews(request: HttpRequest, mentee_id: int) -> HttpResponse:
    mentee = get_mentee_for(request.user, mentee_id)
    form = ReviewSearchForm(request.GET or None)
    query = kind = ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    page = selectors.reviews_page(mentee, query=query, kind=kind, page=request.GET.get("page"))
    context = {"mentee": mentee, "form": form, "page": page, "query": query, "kind": kind}
    return render_page(request, "analytics/reviews/mentee_reviews.html", context, "review-results")
