from zhuban.org.access import access_for


def roles(request):
    """What the navigation needs to know about the signed-in user's access."""
    return {"access": access_for(getattr(request, "user", None))}
