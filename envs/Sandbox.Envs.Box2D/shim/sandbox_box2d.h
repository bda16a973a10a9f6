/*
 * sandbox_box2d.h - the C ABI between Sandbox's managed code and Box2D 2.3.1.
 *
 * This header is the contract. The managed bindings (Native/Box2DNative.cs) mirror it and
 * check SBX_ABI_VERSION at load; change that number whenever a signature, a struct layout or
 * a documented behaviour changes.
 *
 * Conventions
 * - Every function that can fail returns an int: >= 0 on success (an id, a count, a flag or 0),
 *   or a negative SBX_E_* code. The message for the last failure on the calling thread is
 *   available from sbx_last_error(). Failed calls change nothing: all arguments are checked
 *   before Box2D is called, because Debian's Box2D aborts the process on a failed assertion.
 * - No C++ exception crosses this boundary.
 * - Bodies and joints are named by small non-negative int ids, indexes into a per-world table.
 *   Destroying a body invalidates its id and the ids of its joints; an id is not reused while
 *   the world still holds any body (resp. joint). Once a world has no bodies left (a full
 *   reset), body ids start again from 0; likewise joint ids once it has no joints.
 * - All numbers are float (Box2D's float32). Inputs that are not finite or exceed 1e15 in
 *   magnitude are rejected (SBX_E_NOT_FINITE): larger ones can overflow Box2D's own products,
 *   turn its state NaN and stall its continuous collision.
 * - A world is not thread-safe; different worlds may be used from different threads.
 */
#ifndef SANDBOX_BOX2D_H
#define SANDBOX_BOX2D_H

#include <stdint.h>

#if defined(__GNUC__)
#define SBX_API __attribute__((visibility("default")))
#else
#define SBX_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define SBX_ABI_VERSION 2

/* Error codes (all negative). */
#define SBX_OK 0
#define SBX_E_NULL_WORLD (-1)     /* world pointer is null or not a live world */
#define SBX_E_INVALID_ARG (-2)    /* null pointer, bad count, bad enum, out-of-range value */
#define SBX_E_NOT_FINITE (-3)     /* a float argument is NaN, infinite or beyond +-1e15 */
#define SBX_E_UNKNOWN_BODY (-4)   /* body id never issued or already destroyed */
#define SBX_E_UNKNOWN_JOINT (-5)  /* joint id never issued or already destroyed */
#define SBX_E_BAD_SHAPE (-6)      /* degenerate shape (vertex count, area, edge length, radius) */
#define SBX_E_LOCKED (-7)         /* world is inside Step (cannot happen through this API) */
#define SBX_E_INTERNAL (-8)       /* unexpected C++ failure, e.g. out of memory */

/* Body types: the values of Box2D's b2BodyType. */
#define SBX_BODY_STATIC 0
#define SBX_BODY_KINEMATIC 1
#define SBX_BODY_DYNAMIC 2

/* Contact event kinds. */
#define SBX_CONTACT_BEGIN 1
#define SBX_CONTACT_END 2

/* Floats per body in sbx_bodies_read / sbx_world_step_and_read: x, y, angle, vx, vy, omega. */
#define SBX_BODY_STATE_FLOATS 6
/* Floats per joint in sbx_joints_read: angle, speed. */
#define SBX_JOINT_STATE_FLOATS 2
/* Ints per contact event: kind, bodyA, bodyB. */
#define SBX_CONTACT_EVENT_INTS 3

/* The fields of b2FixtureDef that Sandbox uses; everything else keeps Box2D's default.
 * Box2D's defaults are density 0, friction 0.2, restitution 0, category 0x0001,
 * mask 0xFFFF, group 0. 20 bytes, no implicit padding. */
typedef struct sbx_fixture_def {
    float density;          /* >= 0 */
    float friction;         /* >= 0 */
    float restitution;      /* >= 0 */
    uint16_t category_bits;
    uint16_t mask_bits;
    int16_t group_index;
    int16_t reserved;       /* must be 0 */
} sbx_fixture_def;

/* A revolute joint, with every geometric field explicit. The shim never calls
 * b2RevoluteJointDef::Initialize(): anchors and reference angle are used as given.
 * 56 bytes, no implicit padding. Booleans are 0 or 1. */
typedef struct sbx_revolute_def {
    int32_t body_a;
    int32_t body_b;             /* must differ from body_a */
    float local_anchor_a_x;
    float local_anchor_a_y;
    float local_anchor_b_x;
    float local_anchor_b_y;
    float reference_angle;      /* bodyB angle - bodyA angle at rest; Box2D's default is 0 */
    int32_t enable_limit;
    float lower_angle;          /* <= upper_angle */
    float upper_angle;
    int32_t enable_motor;
    float motor_speed;
    float max_motor_torque;     /* >= 0 */
    int32_t collide_connected;
} sbx_revolute_def;

typedef struct sbx_world sbx_world;

/* ---- Library ---- */

/* SBX_ABI_VERSION of the compiled shim. */
SBX_API int sbx_abi_version(void);
/* Box2D's own b2_version (2.3.1 for Debian's libbox2d 2.3.1+ds-7). Null outputs are skipped. */
SBX_API int sbx_box2d_version(int* major, int* minor, int* revision);
/* Copies a one-line description of this build (which Box2D, which compiler flags; set at
 * compile time through SBX_BUILD_INFO) like sbx_last_error and returns its full length. */
SBX_API int sbx_build_info(char* buffer, int capacity);
/* Copies the calling thread's last error message (NUL-terminated, truncated to capacity) and
 * returns its full length. buffer may be null when capacity is 0. */
SBX_API int sbx_last_error(char* buffer, int capacity);

/* ---- World ---- */

/* A world with the given gravity and Box2D's defaults: sleeping allowed, warm starting and
 * continuous physics on, sub-stepping off. Contact events are recorded. Null on failure. */
SBX_API sbx_world* sbx_world_create(float gravity_x, float gravity_y);
/* Destroys the world and everything in it. Null is ignored. No contact events are recorded. */
SBX_API void sbx_world_destroy(sbx_world* world);
/* world->Step(dt, velocity_iterations, position_iterations). dt >= 0; iterations >= 0. */
SBX_API int sbx_world_step(sbx_world* world, float dt, int velocity_iterations, int position_iterations);
/* Checks the ids, steps once, then writes n * SBX_BODY_STATE_FLOATS floats to out_states
 * (x, y, angle of the body origin; vx, vy of the centre of mass; omega). Nothing is stepped if
 * an argument is invalid. n may be 0 (then body_ids and out_states may be null). */
SBX_API int sbx_world_step_and_read(sbx_world* world, float dt, int velocity_iterations,
                                    int position_iterations, const int32_t* body_ids, int n,
                                    float* out_states);
/* Live bodies / joints in the world. */
SBX_API int sbx_world_body_count(sbx_world* world);
SBX_API int sbx_world_joint_count(sbx_world* world);
/* Turns contact event recording on (1, the default) or off (0); turning it off clears the buffer. */
SBX_API int sbx_world_set_contact_events_enabled(sbx_world* world, int enabled);
/* Moves up to `capacity` recorded contact events (oldest first) into out, each
 * SBX_CONTACT_EVENT_INTS ints {kind, bodyA, bodyB}, removes them from the buffer and returns how
 * many were written. Call again while it returns `capacity` to drain a larger buffer.
 * Events come from BeginContact/EndContact during Step, in Box2D's order; destroying bodies
 * records nothing. */
SBX_API int sbx_world_take_contact_events(sbx_world* world, int32_t* out, int capacity);
/* Number of contact events waiting in the buffer. */
SBX_API int sbx_world_contact_event_count(sbx_world* world);
/* n ray casts, each the closest hit among fixtures with (categoryBits & category_mask) != 0,
 * implementing Gymnasium's lidar callback: fixtures failing the mask are ignored (callback
 * returns -1); otherwise the point and fraction are stored and the fraction returned (clip).
 * p1p2 holds n * 4 floats (x1, y1, x2, y2); p1 != p2. For ray i, out_fractions[i] is the hit
 * fraction (1.0 if nothing was hit) and out_points[2i..2i+1] the hit point (p2 if nothing). */
SBX_API int sbx_world_raycast_closest_batch(sbx_world* world, int n, const float* p1p2,
                                            uint16_t category_mask, float* out_fractions,
                                            float* out_points);

/* ---- Bodies ---- */

/* A body of the given type (SBX_BODY_*) at (x, y) with the given angle and b2BodyDef's other
 * defaults (awake, sleep allowed, no bullet, no damping, gravity scale 1). Returns its id. */
SBX_API int sbx_body_create(sbx_world* world, int type, float x, float y, float angle);
/* Destroys the body, its fixtures and its joints (their ids become invalid). */
SBX_API int sbx_body_destroy(sbx_world* world, int body);
/* Fixture adders return the fixture's index on the body (0 for the first). */
/* A convex polygon through b2PolygonShape::Set: 3..8 vertices (xy pairs, any order; Box2D takes
 * the convex hull, after welding points closer than 0.05 m: Box2D 2.3.1 compares a squared
 * distance with 0.5 * b2_linearSlop). Rejected if Set would fail: fewer than 3 points after
 * welding, a zero-length hull edge or a (near-)zero area. On a dynamic body, also rejected if its mass
 * data would be invalid (rotational inertia about the centre of mass not positive). */
SBX_API int sbx_body_add_polygon(sbx_world* world, int body, const float* xy, int count,
                                 const sbx_fixture_def* def);
/* b2PolygonShape::SetAsBox(half_width, half_height): both > 0. */
SBX_API int sbx_body_add_box(sbx_world* world, int body, float half_width, float half_height,
                             const sbx_fixture_def* def);
/* A two-sided b2EdgeShape from (x1, y1) to (x2, y2) (no ghost vertices); non-zero length. */
SBX_API int sbx_body_add_edge(sbx_world* world, int body, float x1, float y1, float x2, float y2,
                              const sbx_fixture_def* def);
/* A b2CircleShape centred at (cx, cy) in body coordinates; radius > 0. */
SBX_API int sbx_body_add_circle(sbx_world* world, int body, float cx, float cy, float radius,
                                const sbx_fixture_def* def);
/* ApplyForceToCenter / ApplyTorque / ApplyLinearImpulse(impulse, world point); wake is 0 or 1. */
SBX_API int sbx_body_apply_force_to_center(sbx_world* world, int body, float fx, float fy, int wake);
SBX_API int sbx_body_apply_torque(sbx_world* world, int body, float torque, int wake);
SBX_API int sbx_body_apply_linear_impulse(sbx_world* world, int body, float jx, float jy,
                                          float px, float py, int wake);
/* Getters. Position is the body origin; linear velocity is that of the centre of mass. */
SBX_API int sbx_body_get_position(sbx_world* world, int body, float* out_xy);
SBX_API int sbx_body_get_angle(sbx_world* world, int body, float* out_angle);
SBX_API int sbx_body_get_linear_velocity(sbx_world* world, int body, float* out_vxy);
SBX_API int sbx_body_get_angular_velocity(sbx_world* world, int body, float* out_omega);
/* 1 if awake, 0 if asleep. */
SBX_API int sbx_body_is_awake(sbx_world* world, int body);
/* out[0] mass, out[1] rotational inertia about the body origin (Box2D 2.3's GetInertia),
 * out[2], out[3] the centre of mass in body coordinates. */
SBX_API int sbx_body_get_mass_data(sbx_world* world, int body, float* out4);
/* n * SBX_BODY_STATE_FLOATS floats, as in sbx_world_step_and_read, without stepping. */
SBX_API int sbx_bodies_read(sbx_world* world, const int32_t* body_ids, int n, float* out_states);

/* ---- Revolute joints ---- */

/* Creates the joint and returns its id. */
SBX_API int sbx_joint_create_revolute(sbx_world* world, const sbx_revolute_def* def);
SBX_API int sbx_joint_destroy(sbx_world* world, int joint);
/* GetJointAngle (bodyB angle - bodyA angle - referenceAngle) and GetJointSpeed (omegaB - omegaA). */
SBX_API int sbx_joint_get_angle(sbx_world* world, int joint, float* out_angle);
SBX_API int sbx_joint_get_speed(sbx_world* world, int joint, float* out_speed);
/* Box2D 2.3's setters: each wakes both bodies, whether or not the value changes. */
SBX_API int sbx_joint_set_motor_speed(sbx_world* world, int joint, float speed);
SBX_API int sbx_joint_set_max_motor_torque(sbx_world* world, int joint, float torque);
/* n * SBX_JOINT_STATE_FLOATS floats: angle, speed per joint. */
SBX_API int sbx_joints_read(sbx_world* world, const int32_t* joint_ids, int n, float* out);
/* For i = 0..n-1 in order: SetMotorSpeed(speeds[i]) then SetMaxMotorTorque(torques[i]) on
 * joint ids[i] (Gymnasium's order). All arguments are checked before the first change. */
SBX_API int sbx_joints_set_motors(sbx_world* world, const int32_t* joint_ids, int n,
                                  const float* speeds, const float* torques);

#ifdef __cplusplus
}
#endif

#endif /* SANDBOX_BOX2D_H */
