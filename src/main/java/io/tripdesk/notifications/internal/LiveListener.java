package io.tripdesk.notifications.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A listener whose work users watch happen: the notifications. As an
 * {@link ApplicationModuleListener} (after the commit, in a transaction of its own, its publication kept
 * until it completes) but on an executor of its own, so that when a burst of messages leaves the
 * analytics listeners thousands of events behind, the dashboards do not wait behind them.
 */
@Async(LiveListener.EXECUTOR)
@Transactional(propagation = Propagation.REQUIRES_NEW)
@TransactionalEventListener
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface LiveListener {

	String EXECUTOR = "liveListeners";

}
