"""Authorisation matrix rows for the roadmap URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.roadmap import services

from .factories import experiment, item, tree

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
STEER = (302, 403, 403, 403, 200, 200, 200)
STEER_POST = (302, 403, 403, 403, 302, 302, 302)

T = "/espaces/cc-test/projet-de-territoire/"
R = "/espaces/cc-test/feuille-de-route/"
E = "/espaces/cc-test/experimentations/"


def action(world):
    (made,) = tree(world.space, world.agent.user)
    return made


def proposed(world):
    item(world.space, world.agent.user)
    return services.propose_version(actor=world.agent.user, space=world.space).number


def trial(world):
    return experiment(world.space, world.agent.user).pk


ROWS = {
    "roadmap:territory": ("get", lambda w: T, PUBLIC),
    "roadmap:axis_create": ("get", lambda w: T + "axes/nouveau/", STEER),
    "roadmap:axis_edit": (
        "get",
        lambda w: f"{T}axes/{action(w).objective.axis_id}/modifier/",
        STEER,
    ),
    "roadmap:objective_create": ("get", lambda w: T + "objectifs/nouveau/", STEER),
    "roadmap:objective_edit": (
        "get",
        lambda w: f"{T}objectifs/{action(w).objective_id}/modifier/",
        STEER,
    ),
    "roadmap:action_create": ("get", lambda w: T + "actions/nouvelle/", STEER),
    "roadmap:action_edit": ("get", lambda w: f"{T}actions/{action(w).pk}/modifier/", STEER),
    "roadmap:move": ("post", lambda w: f"{T}actions/{action(w).pk}/deplacer/", STEER_POST),
    "roadmap:archive": ("post", lambda w: f"{T}actions/{action(w).pk}/archiver/", STEER_POST),
    "roadmap:roadmap": ("get", lambda w: R, MEMBERS),
    "roadmap:item_create": ("get", lambda w: R + "elements/nouveau/", STEER),
    "roadmap:item_edit": (
        "get",
        lambda w: f"{R}elements/{item(w.space, w.agent.user).pk}/modifier/",
        STEER,
    ),
    "roadmap:item_archive": (
        "post",
        lambda w: f"{R}elements/{item(w.space, w.agent.user).pk}/retirer/",
        STEER_POST,
    ),
    "roadmap:changes": ("get", lambda w: R + "changements/", MEMBERS),
    "roadmap:versions": ("get", lambda w: R + "versions/", MEMBERS),
    "roadmap:propose": ("get", lambda w: R + "versions/proposer/", STEER),
    "roadmap:version": ("get", lambda w: f"{R}versions/{proposed(w)}/", MEMBERS),
    "roadmap:adopt": ("get", lambda w: f"{R}versions/{proposed(w)}/adopter/", STEER),
    "roadmap:withdraw": ("post", lambda w: f"{R}versions/{proposed(w)}/retirer/", STEER_POST),
    "roadmap:compare": ("get", lambda w: R + "comparer/?de=1&a=2", MEMBERS),
    "roadmap:adopted": ("get", lambda w: R + "adoptee/", PUBLIC),
    "roadmap:experiments": ("get", lambda w: E, MEMBERS),
    "roadmap:experiment_create": ("get", lambda w: E + "nouvelle/", STEER),
    "roadmap:experiment": ("get", lambda w: f"{E}{trial(w)}/", MEMBERS),
    "roadmap:experiment_edit": ("get", lambda w: f"{E}{trial(w)}/modifier/", STEER),
    "roadmap:experiment_decide": ("get", lambda w: f"{E}{trial(w)}/decision/", STEER),
    "roadmap:experiment_archive": ("post", lambda w: f"{E}{trial(w)}/archiver/", STEER_POST),
}
