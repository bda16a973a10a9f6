// sandbox_box2d.cpp - Sandbox's C ABI shim over Box2D 2.3.1 (see sandbox_box2d.h, the contract).
//
// Debian's libBox2D is built with assertions on, and a failed b2Assert aborts the process.
// So every entry point checks its arguments first, including the geometric conditions that
// b2PolygonShape::Set and b2Body::ResetMassData assert, and only then calls Box2D.
// Compile with the default floating-point model (no -ffast-math, no -march=native): the
// float checks below repeat Box2D's own float arithmetic and must round the same way.

#include "sandbox_box2d.h"

#include <Box2D/Box2D.h>

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace {

const uint32_t kWorldMagic = 0x53425857u;  // "SBXW"
const uint32_t kDeadMagic = 0xDEADDEADu;

thread_local char t_error[256] = "";

int fail(int code, const char* format, ...) {
    va_list args;
    va_start(args, format);
    std::vsnprintf(t_error, sizeof t_error, format, args);
    va_end(args);
    return code;
}

// Inputs must be finite and at most 1e15 in magnitude. The bound keeps Box2D's own products
// (cross products of points and impulses, inverse inertia times torque) finite: with larger
// values its state can turn NaN, and its continuous collision then stalls.
const float kMaxMagnitude = 1e15f;
bool usable(float v) { return std::isfinite(v) && std::fabs(v) <= kMaxMagnitude; }

// Records BeginContact/EndContact as {kind, bodyA, bodyB}. Runs inside Step, so it only appends.
class EventRecorder : public b2ContactListener {
public:
    std::vector<int32_t> events;  // SBX_CONTACT_EVENT_INTS per event
    size_t read_pos = 0;          // events before this were already taken
    bool enabled = true;
    bool suppressed = false;      // set while the shim destroys bodies

    void BeginContact(b2Contact* contact) override { record(SBX_CONTACT_BEGIN, contact); }
    void EndContact(b2Contact* contact) override { record(SBX_CONTACT_END, contact); }

private:
    void record(int32_t kind, b2Contact* contact) {
        if (!enabled || suppressed) return;
        const int32_t event[SBX_CONTACT_EVENT_INTS] = {kind, body_id(contact->GetFixtureA()->GetBody()),
                                                       body_id(contact->GetFixtureB()->GetBody())};
        try {  // no exception may unwind through Box2D's Step
            events.insert(events.end(), event, event + SBX_CONTACT_EVENT_INTS);
        } catch (...) {
            // Out of memory: the event is lost, which is the least harmful outcome here.
        }
    }
    static int32_t body_id(const b2Body* body) {
        return static_cast<int32_t>(reinterpret_cast<intptr_t>(body->GetUserData()));
    }
};

// Gymnasium's LidarCallback: ignore fixtures without the required category bit, otherwise keep
// the point and fraction and clip the ray there, so the last report is the closest hit.
class ClosestRay : public b2RayCastCallback {
public:
    explicit ClosestRay(uint16_t mask) : mask_(mask) {}
    float32 fraction = 1.0f;
    b2Vec2 point;

    float32 ReportFixture(b2Fixture* fixture, const b2Vec2& p, const b2Vec2& normal,
                          float32 f) override {
        (void)normal;
        if ((fixture->GetFilterData().categoryBits & mask_) == 0) return -1.0f;
        point = p;
        fraction = f;
        return f;
    }

private:
    uint16_t mask_;
};

}  // namespace

struct sbx_world {
    uint32_t magic = kWorldMagic;
    b2World world;
    EventRecorder recorder;
    std::vector<b2Body*> bodies;    // index = body id; null once destroyed
    std::vector<b2Joint*> joints;   // index = joint id; null once destroyed
    int live_bodies = 0;
    int live_joints = 0;

    explicit sbx_world(const b2Vec2& gravity) : world(gravity) {
        // Box2D's defaults, stated so that nobody has to look them up.
        world.SetAllowSleeping(true);
        world.SetWarmStarting(true);
        world.SetContinuousPhysics(true);
        world.SetSubStepping(false);
        world.SetContactListener(&recorder);
    }
    ~sbx_world() {
        world.SetContactListener(nullptr);
        magic = kDeadMagic;
    }
};

namespace {

bool world_ok(const sbx_world* w) { return w != nullptr && w->magic == kWorldMagic; }

#define SBX_CHECK_WORLD(w)                                                          \
    do {                                                                            \
        if (!world_ok(w)) return fail(SBX_E_NULL_WORLD, "world is null or destroyed"); \
        if ((w)->world.IsLocked()) return fail(SBX_E_LOCKED, "world is locked (inside Step)"); \
    } while (0)

#define SBX_GUARD_BEGIN try {
#define SBX_GUARD_END                                                        \
    }                                                                        \
    catch (const std::bad_alloc&) {                                          \
        return fail(SBX_E_INTERNAL, "out of memory");                        \
    }                                                                        \
    catch (...) {                                                            \
        return fail(SBX_E_INTERNAL, "unexpected C++ exception");             \
    }

b2Body* find_body(sbx_world* w, int id) {
    if (id < 0 || static_cast<size_t>(id) >= w->bodies.size()) return nullptr;
    return w->bodies[static_cast<size_t>(id)];
}

b2RevoluteJoint* find_joint(sbx_world* w, int id) {
    if (id < 0 || static_cast<size_t>(id) >= w->joints.size()) return nullptr;
    return static_cast<b2RevoluteJoint*>(w->joints[static_cast<size_t>(id)]);
}

int unknown_body(int id) { return fail(SBX_E_UNKNOWN_BODY, "unknown or destroyed body id %d", id); }
int unknown_joint(int id) { return fail(SBX_E_UNKNOWN_JOINT, "unknown or destroyed joint id %d", id); }

int check_fixture_def(const sbx_fixture_def* def) {
    if (def == nullptr) return fail(SBX_E_INVALID_ARG, "fixture def is null");
    if (!usable(def->density) || !usable(def->friction) || !usable(def->restitution))
        return fail(SBX_E_NOT_FINITE, "fixture def has a non-finite (or beyond 1e15) density, friction or restitution");
    if (def->density < 0.0f) return fail(SBX_E_INVALID_ARG, "density %g < 0", def->density);
    if (def->friction < 0.0f) return fail(SBX_E_INVALID_ARG, "friction %g < 0", def->friction);
    if (def->restitution < 0.0f) return fail(SBX_E_INVALID_ARG, "restitution %g < 0", def->restitution);
    if (def->reserved != 0) return fail(SBX_E_INVALID_ARG, "fixture def reserved field must be 0");
    return SBX_OK;
}

b2FixtureDef make_fixture_def(const sbx_fixture_def* def, const b2Shape* shape) {
    b2FixtureDef fd;
    fd.shape = shape;
    fd.density = def->density;
    fd.friction = def->friction;
    fd.restitution = def->restitution;
    fd.filter.categoryBits = def->category_bits;
    fd.filter.maskBits = def->mask_bits;
    fd.filter.groupIndex = def->group_index;
    return fd;
}

// Signed area of a closed polygon, in float, with the triangle fan rooted at `ref`.
float fan_area(const b2Vec2* vs, int count, const b2Vec2& ref) {
    float area = 0.0f;
    for (int i = 0; i < count; ++i) {
        b2Vec2 e1 = vs[i] - ref;
        b2Vec2 e2 = (i + 1 < count ? vs[i + 1] : vs[0]) - ref;
        area += 0.5f * b2Cross(e1, e2);
    }
    return area;
}

// Checks that b2PolygonShape::Set(points, count) will succeed without an assertion, by
// repeating its steps: weld points closer than 0.05 m, wrap the convex hull (rightmost-
// lowest start, clockwise-most next point, farthest on ties), then require non-zero edges and
// an area that Box2D's float arithmetic will also see as clearly positive.
int check_polygon(const b2Vec2* points, int count) {
    if (count < 3 || count > b2_maxPolygonVertices)
        return fail(SBX_E_BAD_SHAPE, "polygon has %d vertices; 3..%d allowed", count, b2_maxPolygonVertices);
    for (int i = 0; i < count; ++i)
        if (!usable(points[i].x) || !usable(points[i].y))
            return fail(SBX_E_NOT_FINITE, "polygon vertex %d is not finite or beyond 1e15 in magnitude", i);

    b2Vec2 ps[b2_maxPolygonVertices];
    int n = 0;
    // Box2D 2.3.1 compares the squared distance with 0.5 * linearSlop (not its square), so it
    // welds points closer than 0.05 m (measured against Debian's binary). Repeat that exactly.
    const float weld = 0.5f * b2_linearSlop;
    for (int i = 0; i < count; ++i) {
        bool unique = true;
        for (int j = 0; j < n; ++j)
            if (b2DistanceSquared(points[i], ps[j]) < weld) { unique = false; break; }
        if (unique) ps[n++] = points[i];
    }
    if (n < 3) return fail(SBX_E_BAD_SHAPE, "polygon has only %d distinct vertices", n);

    int i0 = 0;
    float x0 = ps[0].x;
    for (int i = 1; i < n; ++i) {
        float x = ps[i].x;
        if (x > x0 || (x == x0 && ps[i].y < ps[i0].y)) { i0 = i; x0 = x; }
    }
    int hull[b2_maxPolygonVertices + 1];
    int m = 0;
    int ih = i0;
    for (;;) {
        if (m >= n) return fail(SBX_E_BAD_SHAPE, "polygon hull does not close (nearly collinear points)");
        hull[m] = ih;
        int ie = 0;
        for (int j = 1; j < n; ++j) {
            if (ie == ih) { ie = j; continue; }
            b2Vec2 r = ps[ie] - ps[hull[m]];
            b2Vec2 v = ps[j] - ps[hull[m]];
            float c = b2Cross(r, v);
            if (c < 0.0f) ie = j;
            if (c == 0.0f && v.LengthSquared() > r.LengthSquared()) ie = j;
        }
        ++m;
        ih = ie;
        if (ie == i0) break;
    }
    if (m < 3) return fail(SBX_E_BAD_SHAPE, "polygon is degenerate: its hull has %d vertices", m);

    b2Vec2 hv[b2_maxPolygonVertices];
    for (int i = 0; i < m; ++i) hv[i] = ps[hull[i]];
    for (int i = 0; i < m; ++i) {
        b2Vec2 edge = hv[i + 1 < m ? i + 1 : 0] - hv[i];
        if (!(edge.LengthSquared() > 4.0f * b2_epsilon * b2_epsilon))
            return fail(SBX_E_BAD_SHAPE, "polygon hull has a zero-length edge");
    }

    // Exact-ish area in double, then the float fans Box2D may use (about the origin for the
    // centroid, about the vertex average or the first vertex for the mass): each must agree
    // with it to 1%, so Box2D's own `area > b2_epsilon` assertions cannot fail.
    double exact = 0.0;
    for (int i = 0; i < m; ++i) {
        const b2Vec2& a = hv[i];
        const b2Vec2& b = hv[i + 1 < m ? i + 1 : 0];
        exact += 0.5 * ((double(a.x) - hv[0].x) * (double(b.y) - hv[0].y) -
                        (double(a.y) - hv[0].y) * (double(b.x) - hv[0].x));
    }
    if (!(exact > 2.0 * b2_epsilon)) return fail(SBX_E_BAD_SHAPE, "polygon has (near-)zero area %g", exact);
    b2Vec2 average(0.0f, 0.0f);
    for (int i = 0; i < m; ++i) average += hv[i];
    average *= 1.0f / m;
    const b2Vec2 refs[3] = {b2Vec2(0.0f, 0.0f), average, hv[0]};
    for (const b2Vec2& ref : refs) {
        double approx = fan_area(hv, m, ref);
        if (!(std::fabs(approx - exact) <= 0.01 * exact))
            return fail(SBX_E_BAD_SHAPE,
                        "polygon area %g is too small for its distance from the body origin", exact);
    }
    return SBX_OK;
}

// b2Body::ResetMassData asserts that the rotational inertia about the centre of mass stays
// positive. Predict the body's mass data with the new fixture (Box2D's own per-shape
// ComputeMass, summed the way ResetMassData sums) and reject a fixture that would break it.
int check_mass_with(b2Body* body, const b2Shape& shape, float density) {
    if (body->GetType() != b2_dynamicBody || density == 0.0f) return SBX_OK;
    b2MassData md;
    shape.ComputeMass(&md, density);
    float mass = md.mass;
    b2Vec2 weighted = md.mass * md.center;
    float inertia = md.I;
    for (b2Fixture* f = body->GetFixtureList(); f != nullptr; f = f->GetNext()) {
        if (f->GetDensity() == 0.0f) continue;
        f->GetMassData(&md);
        mass += md.mass;
        weighted += md.mass * md.center;
        inertia += md.I;
    }
    if (!std::isfinite(mass) || !std::isfinite(inertia) || !std::isfinite(weighted.x) || !std::isfinite(weighted.y))
        return fail(SBX_E_INVALID_ARG, "fixture makes the body's mass data overflow (density %g)", density);
    b2Vec2 center = mass > 0.0f ? (1.0f / mass) * weighted : b2Vec2(0.0f, 0.0f);
    if (mass <= 0.0f) mass = 1.0f;
    if (inertia > 0.0f && !body->IsFixedRotation()) {
        double about_center = double(inertia) - double(mass) * (double(center.x) * center.x +
                                                                  double(center.y) * center.y);
        if (!(about_center > 1e-4 * double(inertia)) || !std::isfinite(about_center))
            return fail(SBX_E_BAD_SHAPE,
                        "fixture would leave the body with no rotational inertia about its centre of "
                        "mass (shape too small or too far from the body origin)");
    }
    return SBX_OK;
}

int add_fixture(sbx_world* w, int id, const b2Shape& shape, const sbx_fixture_def* def) {
    b2Body* body = find_body(w, id);
    int rc = check_mass_with(body, shape, def->density);
    if (rc < 0) return rc;
    b2FixtureDef fd = make_fixture_def(def, &shape);
    body->CreateFixture(&fd);
    int index = -1;
    for (b2Fixture* f = body->GetFixtureList(); f != nullptr; f = f->GetNext()) ++index;
    return index;
}

int check_ids(sbx_world* w, const int32_t* ids, int n, bool joints) {
    if (n < 0) return fail(SBX_E_INVALID_ARG, "count %d < 0", n);
    if (n > 0 && ids == nullptr) return fail(SBX_E_INVALID_ARG, "id array is null");
    for (int i = 0; i < n; ++i) {
        if (joints ? find_joint(w, ids[i]) == nullptr : find_body(w, ids[i]) == nullptr)
            return joints ? unknown_joint(ids[i]) : unknown_body(ids[i]);
    }
    return SBX_OK;
}

int check_step(float dt, int vi, int pi) {
    if (!usable(dt)) return fail(SBX_E_NOT_FINITE, "time step is not finite or beyond 1e15 in magnitude");
    if (dt < 0.0f) return fail(SBX_E_INVALID_ARG, "time step %g < 0", dt);
    if (vi < 0 || pi < 0) return fail(SBX_E_INVALID_ARG, "iteration counts must be >= 0 (got %d, %d)", vi, pi);
    return SBX_OK;
}

void read_bodies(sbx_world* w, const int32_t* ids, int n, float* out) {
    for (int i = 0; i < n; ++i) {
        const b2Body* b = w->bodies[static_cast<size_t>(ids[i])];
        const b2Vec2& p = b->GetPosition();
        const b2Vec2& v = b->GetLinearVelocity();
        float* o = out + static_cast<size_t>(i) * SBX_BODY_STATE_FLOATS;
        o[0] = p.x;
        o[1] = p.y;
        o[2] = b->GetAngle();
        o[3] = v.x;
        o[4] = v.y;
        o[5] = b->GetAngularVelocity();
    }
}

// Box2D runs its one-time static set-up (contact registers, block allocator tables) inside the
// first world that creates a contact. Do that once here, so that worlds created later on
// several threads at once do not race on it.
void warm_up_box2d() {
    b2World world(b2Vec2(0.0f, -10.0f));
    b2CircleShape circle;
    circle.m_radius = 0.5f;
    for (int i = 0; i < 2; ++i) {
        b2BodyDef bd;
        bd.type = b2_dynamicBody;
        bd.position.Set(0.0f, 0.25f * i);
        world.CreateBody(&bd)->CreateFixture(&circle, 1.0f);
    }
    world.Step(0.02f, 1, 1);
}

std::once_flag g_warm_up;

}  // namespace

// ---------------------------------------------------------------------------------------------

extern "C" {

SBX_API int sbx_abi_version(void) { return SBX_ABI_VERSION; }

SBX_API int sbx_box2d_version(int* major, int* minor, int* revision) {
    if (major) *major = b2_version.major;
    if (minor) *minor = b2_version.minor;
    if (revision) *revision = b2_version.revision;
    return SBX_OK;
}

#ifndef SBX_BUILD_INFO
#define SBX_BUILD_INFO "unknown build"
#endif

SBX_API int sbx_build_info(char* buffer, int capacity) {
    static const char info[] = SBX_BUILD_INFO;
    if (capacity > 0 && buffer != nullptr) {
        std::snprintf(buffer, static_cast<size_t>(capacity), "%s", info);
    }
    return static_cast<int>(sizeof info - 1);
}

SBX_API int sbx_last_error(char* buffer, int capacity) {
    int length = static_cast<int>(std::strlen(t_error));
    if (buffer != nullptr && capacity > 0) {
        int copy = length < capacity - 1 ? length : capacity - 1;
        std::memcpy(buffer, t_error, static_cast<size_t>(copy));
        buffer[copy] = '\0';
    }
    return length;
}

// ---- World ----

SBX_API sbx_world* sbx_world_create(float gravity_x, float gravity_y) {
    if (!usable(gravity_x) || !usable(gravity_y)) {
        fail(SBX_E_NOT_FINITE, "gravity is not finite or beyond 1e15 in magnitude");
        return nullptr;
    }
    try {
        std::call_once(g_warm_up, warm_up_box2d);
        return new sbx_world(b2Vec2(gravity_x, gravity_y));
    } catch (...) {
        fail(SBX_E_INTERNAL, "could not create a world (out of memory?)");
        return nullptr;
    }
}

SBX_API void sbx_world_destroy(sbx_world* world) {
    if (!world_ok(world) || world->world.IsLocked()) return;
    world->recorder.suppressed = true;
    delete world;
}

SBX_API int sbx_world_step(sbx_world* world, float dt, int velocity_iterations, int position_iterations) {
    SBX_CHECK_WORLD(world);
    int rc = check_step(dt, velocity_iterations, position_iterations);
    if (rc < 0) return rc;
    SBX_GUARD_BEGIN
    world->world.Step(dt, velocity_iterations, position_iterations);
    return SBX_OK;
    SBX_GUARD_END
}

SBX_API int sbx_world_step_and_read(sbx_world* world, float dt, int velocity_iterations,
                                    int position_iterations, const int32_t* body_ids, int n,
                                    float* out_states) {
    SBX_CHECK_WORLD(world);
    int rc = check_step(dt, velocity_iterations, position_iterations);
    if (rc < 0) return rc;
    rc = check_ids(world, body_ids, n, false);
    if (rc < 0) return rc;
    if (n > 0 && out_states == nullptr) return fail(SBX_E_INVALID_ARG, "output array is null");
    SBX_GUARD_BEGIN
    world->world.Step(dt, velocity_iterations, position_iterations);
    read_bodies(world, body_ids, n, out_states);
    return SBX_OK;
    SBX_GUARD_END
}

SBX_API int sbx_world_body_count(sbx_world* world) {
    SBX_CHECK_WORLD(world);
    return world->live_bodies;
}

SBX_API int sbx_world_joint_count(sbx_world* world) {
    SBX_CHECK_WORLD(world);
    return world->live_joints;
}

SBX_API int sbx_world_set_contact_events_enabled(sbx_world* world, int enabled) {
    SBX_CHECK_WORLD(world);
    if (enabled != 0 && enabled != 1) return fail(SBX_E_INVALID_ARG, "enabled must be 0 or 1");
    world->recorder.enabled = enabled == 1;
    if (!world->recorder.enabled) {
        world->recorder.events.clear();
        world->recorder.read_pos = 0;
    }
    return SBX_OK;
}

SBX_API int sbx_world_take_contact_events(sbx_world* world, int32_t* out, int capacity) {
    SBX_CHECK_WORLD(world);
    if (capacity < 0) return fail(SBX_E_INVALID_ARG, "capacity %d < 0", capacity);
    if (capacity > 0 && out == nullptr) return fail(SBX_E_INVALID_ARG, "output array is null");
    EventRecorder& r = world->recorder;
    size_t pending = (r.events.size() - r.read_pos) / SBX_CONTACT_EVENT_INTS;
    size_t take = pending < static_cast<size_t>(capacity) ? pending : static_cast<size_t>(capacity);
    size_t ints = take * SBX_CONTACT_EVENT_INTS;
    if (ints > 0) std::memcpy(out, r.events.data() + r.read_pos, ints * sizeof(int32_t));
    r.read_pos += ints;
    if (r.read_pos == r.events.size()) {
        r.events.clear();  // keeps its capacity: no allocation on later steps
        r.read_pos = 0;
    }
    return static_cast<int>(take);
}

SBX_API int sbx_world_contact_event_count(sbx_world* world) {
    SBX_CHECK_WORLD(world);
    const EventRecorder& r = world->recorder;
    return static_cast<int>((r.events.size() - r.read_pos) / SBX_CONTACT_EVENT_INTS);
}

SBX_API int sbx_world_raycast_closest_batch(sbx_world* world, int n, const float* p1p2,
                                            uint16_t category_mask, float* out_fractions,
                                            float* out_points) {
    SBX_CHECK_WORLD(world);
    if (n < 0) return fail(SBX_E_INVALID_ARG, "ray count %d < 0", n);
    if (n == 0) return SBX_OK;
    if (p1p2 == nullptr || out_fractions == nullptr || out_points == nullptr)
        return fail(SBX_E_INVALID_ARG, "ray input or output array is null");
    for (int i = 0; i < n; ++i) {
        const float* r = p1p2 + 4 * static_cast<size_t>(i);
        if (!usable(r[0]) || !usable(r[1]) || !usable(r[2]) || !usable(r[3]))
            return fail(SBX_E_NOT_FINITE, "ray %d has a non-finite (or beyond 1e15) end point", i);
        b2Vec2 d(r[2] - r[0], r[3] - r[1]);
        // b2DynamicTree::RayCast asserts a non-zero length.
        if (!(d.LengthSquared() > 0.0f) || !std::isfinite(d.LengthSquared()))
            return fail(SBX_E_INVALID_ARG, "ray %d has zero (or overflowing) length", i);
    }
    SBX_GUARD_BEGIN
    for (int i = 0; i < n; ++i) {
        const float* r = p1p2 + 4 * static_cast<size_t>(i);
        ClosestRay callback(category_mask);
        callback.point.Set(r[2], r[3]);
        world->world.RayCast(&callback, b2Vec2(r[0], r[1]), b2Vec2(r[2], r[3]));
        out_fractions[i] = callback.fraction;
        out_points[2 * static_cast<size_t>(i)] = callback.point.x;
        out_points[2 * static_cast<size_t>(i) + 1] = callback.point.y;
    }
    return SBX_OK;
    SBX_GUARD_END
}

// ---- Bodies ----

SBX_API int sbx_body_create(sbx_world* world, int type, float x, float y, float angle) {
    SBX_CHECK_WORLD(world);
    if (type != SBX_BODY_STATIC && type != SBX_BODY_KINEMATIC && type != SBX_BODY_DYNAMIC)
        return fail(SBX_E_INVALID_ARG, "body type %d is not 0 (static), 1 (kinematic) or 2 (dynamic)", type);
    if (!usable(x) || !usable(y) || !usable(angle))
        return fail(SBX_E_NOT_FINITE, "body position or angle is not finite or beyond 1e15 in magnitude");
    if (world->bodies.size() >= 0x7FFFFFFFu) return fail(SBX_E_INTERNAL, "body id space exhausted");
    SBX_GUARD_BEGIN
    world->bodies.reserve(world->bodies.size() + 1);  // the only step that can throw
    b2BodyDef bd;
    bd.type = static_cast<b2BodyType>(type);
    bd.position.Set(x, y);
    bd.angle = angle;
    int id = static_cast<int>(world->bodies.size());
    bd.userData = reinterpret_cast<void*>(static_cast<intptr_t>(id));
    world->bodies.push_back(world->world.CreateBody(&bd));
    ++world->live_bodies;
    return id;
    SBX_GUARD_END
}

SBX_API int sbx_body_destroy(sbx_world* world, int body) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    // Box2D destroys the body's joints with it: retire their ids first.
    for (b2JointEdge* je = b->GetJointList(); je != nullptr; je = je->next) {
        intptr_t jid = reinterpret_cast<intptr_t>(je->joint->GetUserData());
        world->joints[static_cast<size_t>(jid)] = nullptr;
        --world->live_joints;
    }
    if (world->live_joints == 0) world->joints.clear();
    world->recorder.suppressed = true;  // Gymnasium detaches its listener while destroying
    world->world.DestroyBody(b);
    world->recorder.suppressed = false;
    world->bodies[static_cast<size_t>(body)] = nullptr;
    if (--world->live_bodies == 0) world->bodies.clear();
    return SBX_OK;
}

SBX_API int sbx_body_add_polygon(sbx_world* world, int body, const float* xy, int count,
                                 const sbx_fixture_def* def) {
    SBX_CHECK_WORLD(world);
    if (find_body(world, body) == nullptr) return unknown_body(body);
    int rc = check_fixture_def(def);
    if (rc < 0) return rc;
    if (xy == nullptr) return fail(SBX_E_INVALID_ARG, "vertex array is null");
    if (count < 3 || count > b2_maxPolygonVertices)
        return fail(SBX_E_BAD_SHAPE, "polygon has %d vertices; 3..%d allowed", count, b2_maxPolygonVertices);
    b2Vec2 points[b2_maxPolygonVertices];
    for (int i = 0; i < count; ++i) points[i].Set(xy[2 * i], xy[2 * i + 1]);
    rc = check_polygon(points, count);
    if (rc < 0) return rc;
    SBX_GUARD_BEGIN
    b2PolygonShape shape;
    shape.Set(points, count);
    return add_fixture(world, body, shape, def);
    SBX_GUARD_END
}

SBX_API int sbx_body_add_box(sbx_world* world, int body, float half_width, float half_height,
                             const sbx_fixture_def* def) {
    SBX_CHECK_WORLD(world);
    if (find_body(world, body) == nullptr) return unknown_body(body);
    int rc = check_fixture_def(def);
    if (rc < 0) return rc;
    if (!usable(half_width) || !usable(half_height)) return fail(SBX_E_NOT_FINITE, "box half-extents are not finite or beyond 1e15 in magnitude");
    if (!(half_width > 0.0f && half_height > 0.0f))
        return fail(SBX_E_BAD_SHAPE, "box half-extents must be > 0 (got %g, %g)", half_width, half_height);
    // SetAsBox neither welds nor asserts; only the mass computation needs a clearly positive area.
    if (!(4.0 * double(half_width) * double(half_height) > 2.0 * b2_epsilon) ||
        !std::isfinite(4.0f * half_width * half_height))
        return fail(SBX_E_BAD_SHAPE, "box area 4 * %g * %g is (near-)zero or overflows", half_width, half_height);
    SBX_GUARD_BEGIN
    b2PolygonShape shape;
    shape.SetAsBox(half_width, half_height);
    return add_fixture(world, body, shape, def);
    SBX_GUARD_END
}

SBX_API int sbx_body_add_edge(sbx_world* world, int body, float x1, float y1, float x2, float y2,
                              const sbx_fixture_def* def) {
    SBX_CHECK_WORLD(world);
    if (find_body(world, body) == nullptr) return unknown_body(body);
    int rc = check_fixture_def(def);
    if (rc < 0) return rc;
    if (!usable(x1) || !usable(y1) || !usable(x2) || !usable(y2))
        return fail(SBX_E_NOT_FINITE, "edge end point is not finite or beyond 1e15 in magnitude");
    b2Vec2 v1(x1, y1), v2(x2, y2);
    float length_sq = b2DistanceSquared(v1, v2);
    if (!(length_sq > b2_epsilon * b2_epsilon) || !std::isfinite(length_sq))
        return fail(SBX_E_BAD_SHAPE, "edge has zero (or overflowing) length");
    SBX_GUARD_BEGIN
    b2EdgeShape shape;  // no ghost vertices: two-sided, as in Gymnasium
    shape.Set(v1, v2);
    return add_fixture(world, body, shape, def);
    SBX_GUARD_END
}

SBX_API int sbx_body_add_circle(sbx_world* world, int body, float cx, float cy, float radius,
                                const sbx_fixture_def* def) {
    SBX_CHECK_WORLD(world);
    if (find_body(world, body) == nullptr) return unknown_body(body);
    int rc = check_fixture_def(def);
    if (rc < 0) return rc;
    if (!usable(cx) || !usable(cy) || !usable(radius)) return fail(SBX_E_NOT_FINITE, "circle is not finite or beyond 1e15 in magnitude");
    if (!(radius > 0.0f)) return fail(SBX_E_BAD_SHAPE, "circle radius %g must be > 0", radius);
    SBX_GUARD_BEGIN
    b2CircleShape shape;
    shape.m_p.Set(cx, cy);
    shape.m_radius = radius;
    return add_fixture(world, body, shape, def);
    SBX_GUARD_END
}

SBX_API int sbx_body_apply_force_to_center(sbx_world* world, int body, float fx, float fy, int wake) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (!usable(fx) || !usable(fy)) return fail(SBX_E_NOT_FINITE, "force is not finite or beyond 1e15 in magnitude");
    if (wake != 0 && wake != 1) return fail(SBX_E_INVALID_ARG, "wake must be 0 or 1");
    b->ApplyForceToCenter(b2Vec2(fx, fy), wake == 1);
    return SBX_OK;
}

SBX_API int sbx_body_apply_torque(sbx_world* world, int body, float torque, int wake) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (!usable(torque)) return fail(SBX_E_NOT_FINITE, "torque is not finite or beyond 1e15 in magnitude");
    if (wake != 0 && wake != 1) return fail(SBX_E_INVALID_ARG, "wake must be 0 or 1");
    b->ApplyTorque(torque, wake == 1);
    return SBX_OK;
}

SBX_API int sbx_body_apply_linear_impulse(sbx_world* world, int body, float jx, float jy,
                                          float px, float py, int wake) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (!usable(jx) || !usable(jy) || !usable(px) || !usable(py))
        return fail(SBX_E_NOT_FINITE, "impulse or point is not finite or beyond 1e15 in magnitude");
    if (wake != 0 && wake != 1) return fail(SBX_E_INVALID_ARG, "wake must be 0 or 1");
    b->ApplyLinearImpulse(b2Vec2(jx, jy), b2Vec2(px, py), wake == 1);
    return SBX_OK;
}

SBX_API int sbx_body_get_position(sbx_world* world, int body, float* out_xy) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (out_xy == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    out_xy[0] = b->GetPosition().x;
    out_xy[1] = b->GetPosition().y;
    return SBX_OK;
}

SBX_API int sbx_body_get_angle(sbx_world* world, int body, float* out_angle) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (out_angle == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    *out_angle = b->GetAngle();
    return SBX_OK;
}

SBX_API int sbx_body_get_linear_velocity(sbx_world* world, int body, float* out_vxy) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (out_vxy == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    out_vxy[0] = b->GetLinearVelocity().x;
    out_vxy[1] = b->GetLinearVelocity().y;
    return SBX_OK;
}

SBX_API int sbx_body_get_angular_velocity(sbx_world* world, int body, float* out_omega) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (out_omega == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    *out_omega = b->GetAngularVelocity();
    return SBX_OK;
}

SBX_API int sbx_body_is_awake(sbx_world* world, int body) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    return b->IsAwake() ? 1 : 0;
}

SBX_API int sbx_body_get_mass_data(sbx_world* world, int body, float* out4) {
    SBX_CHECK_WORLD(world);
    b2Body* b = find_body(world, body);
    if (b == nullptr) return unknown_body(body);
    if (out4 == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    out4[0] = b->GetMass();
    out4[1] = b->GetInertia();
    out4[2] = b->GetLocalCenter().x;
    out4[3] = b->GetLocalCenter().y;
    return SBX_OK;
}

SBX_API int sbx_bodies_read(sbx_world* world, const int32_t* body_ids, int n, float* out_states) {
    SBX_CHECK_WORLD(world);
    int rc = check_ids(world, body_ids, n, false);
    if (rc < 0) return rc;
    if (n > 0 && out_states == nullptr) return fail(SBX_E_INVALID_ARG, "output array is null");
    read_bodies(world, body_ids, n, out_states);
    return SBX_OK;
}

// ---- Revolute joints ----

SBX_API int sbx_joint_create_revolute(sbx_world* world, const sbx_revolute_def* def) {
    SBX_CHECK_WORLD(world);
    if (def == nullptr) return fail(SBX_E_INVALID_ARG, "joint def is null");
    b2Body* a = find_body(world, def->body_a);
    if (a == nullptr) return unknown_body(def->body_a);
    b2Body* b = find_body(world, def->body_b);
    if (b == nullptr) return unknown_body(def->body_b);
    if (a == b) return fail(SBX_E_INVALID_ARG, "a joint needs two different bodies (got %d twice)", def->body_a);
    const float values[] = {def->local_anchor_a_x, def->local_anchor_a_y, def->local_anchor_b_x,
                            def->local_anchor_b_y, def->reference_angle, def->lower_angle,
                            def->upper_angle, def->motor_speed, def->max_motor_torque};
    for (float v : values)
        if (!usable(v)) return fail(SBX_E_NOT_FINITE, "joint def has a non-finite value or one beyond 1e15 in magnitude");
    if ((def->enable_limit | def->enable_motor | def->collide_connected) & ~1)
        return fail(SBX_E_INVALID_ARG, "joint def booleans must be 0 or 1");
    if (def->lower_angle > def->upper_angle)
        return fail(SBX_E_INVALID_ARG, "joint lower angle %g > upper angle %g", def->lower_angle, def->upper_angle);
    if (def->max_motor_torque < 0.0f)
        return fail(SBX_E_INVALID_ARG, "max motor torque %g < 0", def->max_motor_torque);
    if (world->joints.size() >= 0x7FFFFFFFu) return fail(SBX_E_INTERNAL, "joint id space exhausted");
    SBX_GUARD_BEGIN
    world->joints.reserve(world->joints.size() + 1);
    b2RevoluteJointDef jd;  // set field by field; never Initialize(), which recomputes anchors
    jd.bodyA = a;
    jd.bodyB = b;
    jd.localAnchorA.Set(def->local_anchor_a_x, def->local_anchor_a_y);
    jd.localAnchorB.Set(def->local_anchor_b_x, def->local_anchor_b_y);
    jd.referenceAngle = def->reference_angle;
    jd.enableLimit = def->enable_limit == 1;
    jd.lowerAngle = def->lower_angle;
    jd.upperAngle = def->upper_angle;
    jd.enableMotor = def->enable_motor == 1;
    jd.motorSpeed = def->motor_speed;
    jd.maxMotorTorque = def->max_motor_torque;
    jd.collideConnected = def->collide_connected == 1;
    int id = static_cast<int>(world->joints.size());
    jd.userData = reinterpret_cast<void*>(static_cast<intptr_t>(id));
    world->joints.push_back(world->world.CreateJoint(&jd));
    ++world->live_joints;
    return id;
    SBX_GUARD_END
}

SBX_API int sbx_joint_destroy(sbx_world* world, int joint) {
    SBX_CHECK_WORLD(world);
    b2RevoluteJoint* j = find_joint(world, joint);
    if (j == nullptr) return unknown_joint(joint);
    world->world.DestroyJoint(j);
    world->joints[static_cast<size_t>(joint)] = nullptr;
    if (--world->live_joints == 0) world->joints.clear();
    return SBX_OK;
}

SBX_API int sbx_joint_get_angle(sbx_world* world, int joint, float* out_angle) {
    SBX_CHECK_WORLD(world);
    b2RevoluteJoint* j = find_joint(world, joint);
    if (j == nullptr) return unknown_joint(joint);
    if (out_angle == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    *out_angle = j->GetJointAngle();
    return SBX_OK;
}

SBX_API int sbx_joint_get_speed(sbx_world* world, int joint, float* out_speed) {
    SBX_CHECK_WORLD(world);
    b2RevoluteJoint* j = find_joint(world, joint);
    if (j == nullptr) return unknown_joint(joint);
    if (out_speed == nullptr) return fail(SBX_E_INVALID_ARG, "output is null");
    *out_speed = j->GetJointSpeed();
    return SBX_OK;
}

SBX_API int sbx_joint_set_motor_speed(sbx_world* world, int joint, float speed) {
    SBX_CHECK_WORLD(world);
    b2RevoluteJoint* j = find_joint(world, joint);
    if (j == nullptr) return unknown_joint(joint);
    if (!usable(speed)) return fail(SBX_E_NOT_FINITE, "motor speed is not finite or beyond 1e15 in magnitude");
    j->SetMotorSpeed(speed);
    return SBX_OK;
}

SBX_API int sbx_joint_set_max_motor_torque(sbx_world* world, int joint, float torque) {
    SBX_CHECK_WORLD(world);
    b2RevoluteJoint* j = find_joint(world, joint);
    if (j == nullptr) return unknown_joint(joint);
    if (!usable(torque)) return fail(SBX_E_NOT_FINITE, "max motor torque is not finite or beyond 1e15 in magnitude");
    if (torque < 0.0f) return fail(SBX_E_INVALID_ARG, "max motor torque %g < 0", torque);
    j->SetMaxMotorTorque(torque);
    return SBX_OK;
}

SBX_API int sbx_joints_read(sbx_world* world, const int32_t* joint_ids, int n, float* out) {
    SBX_CHECK_WORLD(world);
    int rc = check_ids(world, joint_ids, n, true);
    if (rc < 0) return rc;
    if (n > 0 && out == nullptr) return fail(SBX_E_INVALID_ARG, "output array is null");
    for (int i = 0; i < n; ++i) {
        const b2RevoluteJoint* j = find_joint(world, joint_ids[i]);
        out[SBX_JOINT_STATE_FLOATS * i] = j->GetJointAngle();
        out[SBX_JOINT_STATE_FLOATS * i + 1] = j->GetJointSpeed();
    }
    return SBX_OK;
}

SBX_API int sbx_joints_set_motors(sbx_world* world, const int32_t* joint_ids, int n,
                                  const float* speeds, const float* torques) {
    SBX_CHECK_WORLD(world);
    int rc = check_ids(world, joint_ids, n, true);
    if (rc < 0) return rc;
    if (n > 0 && (speeds == nullptr || torques == nullptr))
        return fail(SBX_E_INVALID_ARG, "speed or torque array is null");
    for (int i = 0; i < n; ++i) {
        if (!usable(speeds[i]) || !usable(torques[i]))
            return fail(SBX_E_NOT_FINITE, "motor speed or torque %d is not finite or beyond 1e15 in magnitude", i);
        if (torques[i] < 0.0f) return fail(SBX_E_INVALID_ARG, "max motor torque %d is %g < 0", i, torques[i]);
    }
    for (int i = 0; i < n; ++i) {
        b2RevoluteJoint* j = find_joint(world, joint_ids[i]);
        j->SetMotorSpeed(speeds[i]);
        j->SetMaxMotorTorque(torques[i]);
    }
    return SBX_OK;
}

}  // extern "C"
